"""Benchmarks: fresh-process wall time (median of N runs after a warm-up) and peak memory of
validate, every stored query and export, on the cached Oxigraph store and on the plain rdflib
path, for synthetic checkouts of the sizes asked for. Prints a Markdown table.

    python benchmarks/run.py                    # the shipped data and 10k triples
    python benchmarks/run.py --sizes 10k,100k,1m --runs 3
"""

from __future__ import annotations

import argparse
import os
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
}


def measure(args: list[str], env: dict[str, str], runs: int) -> tuple[float, float]:
    """Median wall seconds and peak resident MB of a fresh process, after one warm-up run."""
    times, peaks = [], []
    for attempt in range(runs + 1):
        start = time.perf_counter()
        process = subprocess.Popen(args, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        _, status, usage = os.wait4(process.pid, 0)
        elapsed = time.perf_counter() - start
        if os.waitstatus_to_exitcode(status) not in (0, 1):
            raise RuntimeError(f"{' '.join(args)} failed: {process.stderr.read().decode()[-500:]}")
        if attempt:  # the first run warms caches (and builds the store)
            times.append(elapsed)
            peaks.append(usage.ru_maxrss / 1024)
    return statistics.median(times), max(peaks)


def queries(root: Path) -> list[str]:
    return sorted(path.stem for path in (root / "queries").glob("*.rq"))


def bench(label: str, root: Path, runs: int, engines: set[str], commands: set[str]) -> list[str]:
    cache = tempfile.mkdtemp(prefix="tg-bench-cache-")
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
        seconds, peak = measure(args, env, runs)
        rows.append(f"| {label} | {name} | | {seconds:.2f} | | | {peak:.0f} |")
    if "queries" not in commands:
        return rows
    for name in queries(root):
        args = [*base, "query", name, *VALUES.get(name, [])]
        fast, fast_peak = measure(args, env, runs) if "oxigraph" in engines else (0.0, 0.0)
        slow, slow_peak = (
            measure([*args, "--engine", "rdflib"], env, runs) if "rdflib" in engines else (0.0, 0.0)
        )
        ratio = f"{slow / fast:.1f}x" if fast and slow else ""
        rows.append(
            f"| {label} | query {name} | {_cell(fast)} | {_cell(slow)} | {ratio} "
            f"| {_cell(fast_peak, 0)} | {_cell(slow_peak, 0)} |"
        )
    return rows


def _cell(value: float, digits: int = 2) -> str:
    return f"{value:.{digits}f}" if value else ""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="shipped,10k", help="shipped and/or 10k,100k,1m")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--engines", default="oxigraph,rdflib", help="oxigraph and/or rdflib")
    parser.add_argument(
        "--commands", default="validate,export,queries", help="validate, export and/or queries"
    )
    options = parser.parse_args()
    print("| data | command | oxigraph s | rdflib s | ratio | oxigraph MB | rdflib MB |")
    print("|---|---|---|---|---|---|---|")
    for size in options.sizes.split(","):
        if size == "shipped":
            root = ROOT
        else:
            triples = int(float(size.lower().replace("k", "e3").replace("m", "e6")))
            root = generate(triples, Path(tempfile.mkdtemp(prefix=f"tg-{size}-")) / "repo")
        engines, commands = set(options.engines.split(",")), set(options.commands.split(","))
        for row in bench(size, root, options.runs, engines, commands):
            print(row, flush=True)


if __name__ == "__main__":
    main()
