"""Where the real printouts live: ../shared/seeds beside the checkout (or TIDTAM_SEEDS)."""

from __future__ import annotations

import os
from pathlib import Path

SEEDS = Path(os.environ.get("TIDTAM_SEEDS")
             or Path(__file__).resolve().parents[1].parent / "shared" / "seeds")

if not SEEDS.is_dir():  # fail loudly: tests over the real printouts are never skipped
    raise RuntimeError(f"seed printouts not found at {SEEDS}; set TIDTAM_SEEDS")
