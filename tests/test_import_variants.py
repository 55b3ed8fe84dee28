"""Generated printout variants: the importer reads them exactly, flags or skips, never guesses.

A bounded, seeded run of the benchmark in bench/import_variants.py (which measures a few
thousand), and an admin's dry run over a folder of mixed printouts.
"""

from __future__ import annotations

import random
import re
import shutil
from pathlib import Path

from sqlalchemy import func, select
from typer.testing import CliRunner

from bench.import_variants import OUTCOMES, run, score
from bench.variants import make_variant, seed_projects
from cli.main import app
from storage.db import make_engine, make_session_factory
from storage.models import AuditLog, Project
from tests.seeds import SEEDS


def test_generated_variants_read_exactly_or_flagged_never_wrong():
    total, examples = run(300, seed=12, seeds_dir=SEEDS)
    readable = sum(total["readable", outcome] for outcome in OUTCOMES)
    assert readable > 10_000
    assert total["readable", "exact"] / readable >= 0.99, total
    assert total["readable", "wrong"] + total["lost", "wrong"] == 0, examples
    lost = sum(total["lost", outcome] for outcome in OUTCOMES)
    assert (total["lost", "flagged"] + total["lost", "skipped"]) / lost >= 0.95  # never silent


def test_the_generator_applies_every_transformation():
    rng, seeds = random.Random(3), seed_projects(SEEDS)
    seen: set[str] = set()
    for _ in range(400):
        variant = make_variant(rng, seeds)
        seen |= variant.tricks
        _, wrong = score(variant)
        assert not wrong, (sorted(variant.tricks), wrong)
    assert seen >= {
        "figures first", "figures spread", "page break", "detail over a break", "no label",
        "label displaced", "target displaced", "no date", "far date", "out of order",
        "two copies", "cut copy first", "cut short", "status blank", "label cut",
    }  # fmt: skip


def test_admin_dry_run_on_a_folder_of_mixed_printouts(db_url: str, tmp_path: Path):
    folder = tmp_path / "printouts"
    folder.mkdir()
    rng, seeds = random.Random(5), seed_projects(SEEDS)
    for index in range(8):
        text = make_variant(rng, seeds).text
        (folder / f"variant_{index}.txt").write_text(text, encoding="utf-8")
    for path in SEEDS.glob("*.txt"):
        shutil.copy(path, folder / path.name)
    damaged = (SEEDS / next(SEEDS.glob("000_*.txt")).name).read_text(encoding="utf-8")
    damaged = damaged.replace("= 50.00 %", "= 5?.00 %").replace("27/06/2566", "27/06/2556")
    (folder / "zz_damaged.txt").write_text(damaged, encoding="utf-8")
    runner = CliRunner(env={"COLUMNS": "250"})  # a wide console: rows never wrap
    result = runner.invoke(app, ["import", "--dry-run", str(folder), "--database-url", db_url])
    assert result.exit_code == 0, result.output
    output = result.output
    assert output.startswith("Dry run: nothing was written")
    row = re.search(r"zz_damaged\.txt\s*│\s*8\s*│\s*1\s*│\s*1\s*│\s*0\s*│\s*would import", output)
    assert row, output
    checklist = output[output.index("zz_damaged.txt (23000000-6663)\n") :]
    assert "skipped line 68: report 4: unreadable progress '5?.00'; report skipped" in checklist
    assert "check line 71: report 6: date 27/06/2556 is far from the project" in checklist
    assert re.search(r"12 of 12 files would be imported; reports: \d+ read", output)
    engine = make_engine(db_url)
    with make_session_factory(engine)() as session:  # nothing was written
        assert session.scalar(select(func.count()).select_from(Project)) == 0
        assert session.scalar(select(func.count()).select_from(AuditLog)) == 0
    engine.dispose()
    strict = runner.invoke(app, ["import", "--strict", str(folder), "--database-url", db_url])
    assert strict.exit_code == 1
    assert "failed: " in strict.output
    assert "zz_damaged.txt:68: report 4: unreadable progress" in strict.output
