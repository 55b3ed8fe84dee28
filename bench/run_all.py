"""`make bench`: every benchmark, then one table in docs/BENCHMARKS.md (between markers).

Ingest against the echo bot (A/B interleaved rounds), officers filing reports at 200 and
1,000 at once, worker throughput with 1, 2 and 4 processes (interleaved), pushes a second
from one process through the outbound client (bench/outbound_push.py), status queries on
PostgreSQL, and a py-spy profile of a worker during the 200-officer run.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import threading
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench import e2e, ingest, outbound_push, throughput
from bench.stackproc import BenchStack, tree

ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "docs" / "BENCHMARKS.md"
BEGIN, END = "<!-- bench:begin -->", "<!-- bench:end -->"


def machine() -> str:
    """CPU, cores, load, versions."""
    model = next((line.split(":", 1)[1].strip() for line in
                  Path("/proc/cpuinfo").read_text().splitlines()
                  if line.startswith("model name")), platform.processor())
    load = os.getloadavg()
    return (f"{os.cpu_count()} cores ({model}), Python {platform.python_version()}, "
            f"load average {load[0]:.1f} / {load[1]:.1f} / {load[2]:.1f} (1/5/15 min) "
            f"when the run began")


def profile_worker(stack: BenchStack, seconds: int, out: Path) -> threading.Thread:
    """Record one of the stack's worker processes with py-spy (if installed), in a thread."""
    spy = Path(sys.executable).with_name("py-spy")
    worker = next(p for p in stack.procs if p.name == "worker")
    pids = tree(worker.popen.pid)
    pid = pids[1] if len(pids) > 1 else pids[0]  # a pool's first child, or the worker itself

    def record() -> None:
        if spy.exists():
            subprocess.run([str(spy), "record", "-p", str(pid), "-d", str(seconds), "-r", "200",
                            "--gil", "-f", "raw", "-o", str(out)],
                           capture_output=True, check=False)

    thread = threading.Thread(target=record, daemon=True)
    thread.start()
    return thread


def summarize_profile(raw: Path, top: int = 14) -> list[str]:
    """Inclusive share of the busiest functions inside drains (CPU samples: --gil)."""
    if not raw.exists():
        return ["(py-spy not installed; `pip install py-spy` to get a profile)"]
    incl: dict[str, int] = {}
    total = 0
    for line in raw.read_text().splitlines():
        stack, _, n = line.rpartition(" ")
        if "inbox/contract.py" not in stack or "blpop" in stack:
            continue
        total += int(n)
        for frame in dict.fromkeys(stack.split(";")):
            name = re.sub(r":\d+\)$", ")", re.sub(r" \(.*/(site-packages|perf|tidtam)/", " (",
                                                    frame))  # one line per function
            incl[name] = incl.get(name, 0) + int(n)
    interesting = [(f, n) for f, n in sorted(incl.items(), key=lambda x: -x[1])
                   if not re.search(r"runpy|importlib|typer|click|cli/|rq/|runner\.py|"
                                    r"threading|concurrent/|pumps\.py|jobs\.py", f)]
    return [f"{100 * n / max(1, total):5.1f} %  {f[:110]}" for f, n in interesting[:top]]


def status_query(n: int) -> dict[str, float]:
    """bench/status_query.py's p50/p95/p99 (ms)."""
    out = subprocess.run([sys.executable, "-m", "bench.status_query", "-n", str(n)],
                         capture_output=True, text=True, check=True, cwd=ROOT).stdout
    m = re.search(r"p50\s+([\d.]+)\s+p95\s+([\d.]+)\s+p99\s+([\d.]+)", out)
    return {"p50": float(m.group(1)), "p95": float(m.group(2)), "p99": float(m.group(3))} \
        if m else {}


def sheet_xlsx() -> dict[str, float]:
    """bench/sheet_xlsx.py: the spreadsheet of 30,000 projects (seconds)."""
    out = subprocess.run([sys.executable, "-m", "bench.sheet_xlsx"], capture_output=True,
                         text=True, check=True, cwd=ROOT).stdout
    return dict(json.loads(out.strip().splitlines()[-1]))


def med(runs: list[dict[str, Any]], key: str) -> float:
    """Median of one field over rounds."""
    return float(statistics.median(r[key] for r in runs))


def table(data: dict[str, Any]) -> str:
    """The markdown table of goals and results."""
    ing = {name: {int(c): v for c, v in by_c.items()}
           for name, by_c in data["ingest"]["median"].items()}  # JSON keys are strings
    rows = ["| measure | goal | echo bot | tidtam | met |", "|---|---|---|---|---|"]
    for c in ingest.CONCURRENCY:
        e, t = ing["echo"][c]["rps"], ing["tidtam"][c]["rps"]
        rows.append(f"| webhook req/s at {c} concurrent, workers running | ≥ echo bot | "
                    f"{e:.0f} | {t:.0f} (× {t / e:.2f}) | {'yes' if t >= e else 'no'} |")
    p99 = ing["tidtam"][32].get("p99", 0.0)
    rows.append(f"| webhook ack p99 at 32 concurrent (ms) | < 50 | "
                f"{ing['echo'][32].get('p99', 0):.0f} | {p99:.0f} | "
                f"{'yes' if p99 < 50 else 'no'} |")
    for n, goal95, goal99 in ((200, 300, 600), (1000, 1000, None)):
        runs = data["e2e"][str(n)]
        p95, p99 = med(runs, "p95"), med(runs, "p99")
        lost = sum(r["lost"] for r in runs)
        doubled = sum(r["doubled"] for r in runs)
        met = p95 < goal95 and (goal99 is None or p99 < goal99) and not lost and not doubled
        rows.append(f"| end to end, {n} officers filing reports: p50 / p95 / p99 (ms) | "
                    f"p95 < {goal95}" + (f", p99 < {goal99}" if goal99 else "") +
                    f", none lost or doubled | – | {med(runs, 'p50'):.0f} / {p95:.0f} / "
                    f"{p99:.0f} ({lost} unanswered after 300 s, {doubled} doubled, "
                    f"{sum(r['reports'] for r in runs)} of {n * len(runs)} reports stored) | "
                    f"{'yes' if met else 'no'} |")
    runs, tp = data["e2e"]["200"], data["throughput"]
    cpu, cmds = med(runs, "worker_cpu_ms_per_event"), med(runs, "redis_commands_per_event")
    cpu_b = med(tp["0"]["1"], "worker_cpu_ms_per_event")
    cmds_b = med(tp["0"]["1"], "redis_commands_per_event")
    rows.append(f"| worker CPU per event (ms): 200 officers / with a backlog (1 worker) | ≤ 8 | "
                f"– | {cpu:.1f} / {cpu_b:.1f} | {'yes' if cpu <= 8 else 'no'} |")
    rows.append(f"| Redis commands per event, all processes: 200 officers / with a backlog | "
                f"≤ ~20 | – | {cmds:.0f} / {cmds_b:.0f} | {'yes' if cmds <= 22 else 'no'} |")
    for delay, label in (("0", "LINE answering at once"),
                         ("50", "LINE answering after 50 ms")):
        rate = {w: med(tp[delay][str(w)], "events_per_s") for w in (1, 2, 4)}
        curve = " · ".join(f"{w}: {rate[w]:.0f}" for w in (1, 2, 4))
        rows.append(f"| worker throughput, events/s by worker processes, {label} | grows | – | "
                    f"{curve} | {'yes' if rate[2] > 1.1 * rate[1] else 'no'} |")
    ob = data.get("outbound") or {}
    if ob:
        paced, ledger = ob["paced"]["per_s"], ob["ledger"]["per_s"]
        rows.append(f"| pushes/s from one process, per-officer cards, fast fake LINE: paced at "
                    f"LINE_PUSH_RATE ({ob['rate']}) / unpaced / through the reminder ledger, "
                    f"paced (pushes per CPU-second of the process: unpaced / ledger) | "
                    f"≥ 1,500 | – | "
                    f"{paced} / {ob['unpaced']['per_s']} / {ledger} "
                    f"({ob['unpaced']['per_cpu_s']} / {ob['ledger']['per_cpu_s']}) | "
                    f"{'yes' if min(paced, ledger) >= 1500 else 'no'} |")
        rows.append(f"| pushes/s when LINE answers after 50 ms ({ob['connections']} calls in "
                    f"flight) | – | – | {ob['slow']['per_s']} | – |")
        rep = ob["replies"]
        rows.append(f"| replies through the outbound client against the emulator: answered "
                    f"(as replies) of events | all | – | {rep['answered']} ({rep['replies']}) "
                    f"of {rep['events']} | {'yes' if rep['answered'] == rep['events'] else 'no'} |")
    sq = data.get("status_query") or {}
    if sq:
        rows.append(f"| status query at 10,000 projects (PostgreSQL) p50 / p95 / p99 (ms) | "
                    f"p95 < 100 | – | {sq['p50']:.0f} / {sq['p95']:.0f} / {sq['p99']:.0f} | "
                    f"{'yes' if sq['p95'] < 100 else 'no'} |")
    sheet = data.get("sheet") or {}
    if sheet:
        rows.append(f"| the .xlsx of 30,000 projects: best / median / CPU (s) | < 10 | – | "
                    f"{sheet['best_s']:.1f} / {sheet['median_s']:.1f} / {sheet['cpu_s']:.1f} | "
                    f"{'yes' if sheet['median_s'] < 10 else 'no'} |")
    return "\n".join(rows)


def write_doc(data: dict[str, Any]) -> None:
    """Put the table, the machine and the profile between the markers of BENCHMARKS.md."""
    block = [BEGIN, "", f"Run {data['when']} on {data['machine']}.", "", table(data), "",
             "Worker CPU profile during the 200-officer run (py-spy `--gil`: samples of the "
             "thread running Python, inside drains; share of those samples):", "",
             "```", *data["profile"], "```", "", END]
    text = DOC.read_text()
    if BEGIN in text:
        text = text[:text.index(BEGIN)] + "\n".join(block) + text[text.index(END) + len(END):]
    else:
        text = text + "\n" + "\n".join(block) + "\n"
    DOC.write_text(text)


def main() -> None:
    """Run everything (a quick pass with --quick) and update docs/BENCHMARKS.md."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="one round of each, shorter")
    parser.add_argument("--no-status", action="store_true", help="skip the PostgreSQL part")
    args = parser.parse_args()
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    rounds = 1 if args.quick else 3
    data: dict[str, Any] = {"when": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
                            "machine": machine()}
    if shutil.which("wrk") is None:
        subprocess.run(["apt-get", "install", "-y", "wrk"], check=True,
                       capture_output=True)
    print("ingest …", flush=True)
    data["ingest"] = ingest.run(rounds, 5 if args.quick else 8)
    print("end to end, 200 officers …", flush=True)
    raw = ROOT / "var" / "bench-profile.raw"
    raw.parent.mkdir(exist_ok=True)
    raw.unlink(missing_ok=True)
    data["e2e"] = {"200": [], "1000": []}
    spies: list[threading.Thread] = []
    for r in range(1 if args.quick else 2):
        hook = (lambda st: spies.append(profile_worker(st, 40, raw))) if r == 0 else None
        data["e2e"]["200"].append(e2e.run(200, seed=r + 1, on_start=hook).summary())
        print(data["e2e"]["200"][-1], flush=True)
    for spy in spies:
        spy.join(timeout=60)
    data["profile"] = summarize_profile(raw)
    print("end to end, 1,000 officers …", flush=True)
    data["e2e"]["1000"].append(e2e.run(1000).summary())
    print(data["e2e"]["1000"][-1], flush=True)
    print("throughput …", flush=True)
    data["throughput"] = {d: {"1": [], "2": [], "4": []} for d in ("0", "50")}
    for r in range(1 if args.quick else 2):
        for delay in ("0", "50"):
            for w in ((1, 2, 4) if r % 2 == 0 else (4, 2, 1)):
                data["throughput"][delay][str(w)].append(throughput.run(w, delay_ms=float(delay)))
                print(data["throughput"][delay][str(w)][-1], flush=True)
    print("outbound pushes …", flush=True)
    data["outbound"] = outbound_push.run(quick=args.quick)
    print(json.dumps(data["outbound"]), flush=True)
    if not args.no_status:
        print("status queries on PostgreSQL …", flush=True)
        try:
            data["status_query"] = status_query(300)
        except subprocess.CalledProcessError as exc:  # keep the rest of the run
            print(f"status queries failed:\n{exc.stderr}", flush=True)
    print("the spreadsheet of 30,000 projects …", flush=True)
    try:
        data["sheet"] = sheet_xlsx()
    except subprocess.CalledProcessError as exc:  # keep the rest of the run
        print(f"spreadsheet failed:\n{exc.stderr}", flush=True)
    (ROOT / "docs" / "bench-results.json").write_text(json.dumps(data, indent=1) + "\n")
    write_doc(data)
    print(table(data))


if __name__ == "__main__":
    main()
