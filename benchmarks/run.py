"""Benchmarks: fresh-process wall time (median of N runs after a warm-up) and peak memory of
validate, every stored query, export, the report and a release, on the cached Oxigraph store
and on the plain rdflib path, for synthetic checkouts of the sizes asked for. Prints a Markdown
table.

    python benchmarks/run.py                    # the shipped data and 10k triples
    python benchmarks/run.py --sizes 10k,100k,1m --runs 3
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import ROOT, generate

SCRIPT = Path(sys.executable).with_name("tradegraph")
# Parameter values for the stored queries that need them (they exist in shipped and synthetic data).
VALUES = {
    "agreements-with-element": ["-p", "element=risk-based approaches"],
    "compare-agreements": ["-p", "first=agreement/rcep", "-p", "second=agreement/usmca"],
    "provisions-text-search": ["-p", "text=incident response"],
    "parties-in-force-on": ["-p", "agreement=agreement/cptpp", "-p", "on=2019-01-01"],
    "country-profile": ["-p", "country=SGP"],
    "moratorium-status-on": ["-p", "on=2025-06-01"],
    "status-on": ["-p", "thing=agreement/rcep", "-p", "on=2022-06-01"],
    "events-since": ["-p", "since=2024-01-01"],
    "sources-for": ["-p", "resource=country/SGP"],
    "country-agreements": ["-p", "country=DEU"],
    "agreements-between": [
        "-p",
        "first=country/JPN",
        "-p",
        "second=country/AUS",
        "-p",
        "on=2016-01-01",
    ],
}


def measure(args: list[str], env: dict[str, str], runs: int, limit: float) -> tuple[float, float]:
    """Median wall seconds and peak resident MB of a fresh process, after one warm-up run. A run
    longer than `limit` seconds is stopped and reported as infinity."""
    times, peaks = [], []
    for attempt in range(runs + 1):
        start = time.perf_counter()
        process = subprocess.Popen(args, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        while True:
            pid, status, usage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() - start > limit:
                process.kill()
                os.wait4(process.pid, 0)
                return float("inf"), 0.0
            time.sleep(0.01)
        elapsed = time.perf_counter() - start
        if os.waitstatus_to_exitcode(status) not in (0, 1):
            raise RuntimeError(f"{' '.join(args)} failed: {process.stderr.read().decode()[-500:]}")
        if attempt:  # the first run warms caches (and builds the store)
            times.append(elapsed)
            peaks.append(usage.ru_maxrss / 1024)
    return statistics.median(times), max(peaks)


def queries(root: Path) -> list[str]:
    return sorted(path.stem for path in (root / "queries").glob("*.rq"))


def bench(
    label: str, root: Path, runs: int, engines: set[str], commands: set[str], limit: float
) -> list[str]:
    cache = tempfile.mkdtemp(prefix="tg-bench-cache-")
    try:
        return _bench(label, root, runs, engines, commands, limit, cache)
    finally:
        shutil.rmtree(cache, ignore_errors=True)


def _megabytes(folder: Path) -> float:
    """The size of the files below folder (a report site, a release's dist), in MB."""
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) / 1e6


def _bench(
    label: str,
    root: Path,
    runs: int,
    engines: set[str],
    commands: set[str],
    limit: float,
    cache: str,
) -> list[str]:
    env = {**os.environ, "TRADEGRAPH_CACHE_DIR": cache}
    base = [str(SCRIPT), "--root", str(root)]
    rows = []
    start = time.perf_counter()
    subprocess.run([*base, "query", "jsi-timeline"], env=env, check=True, capture_output=True)
    build = time.perf_counter() - start
    rows.append(f"| {label} | store build (first query) | {build:.2f} | | | | |")
    for name in ("validate", "export"):
        if name not in commands:
            continue
        args = [*base, name] + (["--format", "nt"] if name == "export" else [])
        seconds, peak = measure(args, env, runs, limit)
        rows.append(f"| {label} | {name} | | {_cell(seconds)} | | | {_cell(peak, 0)} |")
    if "report" in commands:
        site = Path(cache) / "site"
        seconds, peak = measure([*base, "report", "-o", str(site)], env, runs, limit)
        size = _megabytes(site)
        rows.append(
            f"| {label} | report ({size:.1f} MB site) | {_cell(seconds)} | | | {_cell(peak, 0)} | |"
        )
    if "release" in commands:
        dist = Path(cache) / "dist"
        seconds, peak = measure([*base, "release", "0.0.0", "--dist", str(dist)], env, runs, limit)
        size = _megabytes(dist)
        rows.append(
            f"| {label} | release ({size:.1f} MB) | | {_cell(seconds)} | | | {_cell(peak, 0)} |"
        )
    if "queries" not in commands:
        return rows
    for name in queries(root):
        args = [*base, "query", name, *VALUES.get(name, [])]
        fast, fast_peak = measure(args, env, runs, limit) if "oxigraph" in engines else (0.0, 0.0)
        slow, slow_peak = (
            measure([*args, "--engine", "rdflib"], env, runs, limit)
            if "rdflib" in engines
            else (0.0, 0.0)
        )
        finite = fast and slow and fast != float("inf") and slow != float("inf")
        ratio = f"{slow / fast:.1f}x" if finite else ""
        rows.append(
            f"| {label} | query {name} | {_cell(fast)} | {_cell(slow)} | {ratio} "
            f"| {_cell(fast_peak, 0)} | {_cell(slow_peak, 0)} |"
        )
    return rows


def _cell(value: float, digits: int = 2) -> str:
    if value == float("inf"):
        return "timeout"
    return f"{value:.{digits}f}" if value else ""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="shipped,10k", help="shipped and/or 10k,100k,1m")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--limit", type=float, default=60, help="seconds before a run is stopped")
    parser.add_argument("--engines", default="oxigraph,rdflib", help="oxigraph and/or rdflib")
    parser.add_argument(
        "--commands",
        default="validate,export,report,release,queries",
        help="validate, export, report, release and/or queries",
    )
    options = parser.parse_args()
    print("| data | command | oxigraph s | rdflib s | ratio | oxigraph MB | rdflib MB |")
    print("|---|---|---|---|---|---|---|")
    for size in options.sizes.split(","):
        engines, commands = set(options.engines.split(",")), set(options.commands.split(","))
        if size == "shipped":
            rows = bench(size, ROOT, options.runs, engines, commands, options.limit)
        else:
            triples = int(float(size.lower().replace("k", "e3").replace("m", "e6")))
            with tempfile.TemporaryDirectory(prefix=f"tg-{size}-") as scratch:
                root = generate(triples, Path(scratch) / "repo")
                rows = bench(size, root, options.runs, engines, commands, options.limit)
        for row in rows:
            print(row, flush=True)


if __name__ == "__main__":
    main()
