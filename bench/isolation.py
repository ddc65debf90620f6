#!/usr/bin/env python3
"""What containment costs per container start: the same pods with and without namespaces.

    python3 bench/isolation.py [--binary PATH] [--runs N] [--pods N]

Reuses bench/run.py's harness (the `stamp` container program, the FIFO pokes, the scale run):
launch → the main container's first instruction for pods with 0 and 10 sidecars (settle 0),
runs alternating `tandem run` and `tandem run --no-isolation` (process groups, as before), then
the scale run (N pods × 4 containers) both ways for the start-all time and tandem's peak RSS.
Writes bench/results/isolation.json. Needs root or unprivileged user namespaces.
"""

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import run as bench  # noqa: E402

MODES = {"namespaces": [], "process groups": ["--no-isolation"]}


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--binary", help="tandem binary (default: the release build, built if missing)")
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--pods", type=int, default=250)
    parser.add_argument("--window", type=float, default=5)
    parser.add_argument("--json", default=os.path.join(bench.BENCH, "results", "isolation.json"))
    args = parser.parse_args()
    tandem = args.binary or bench.build(bench.bin_dir(), "tandem")

    root = tempfile.mkdtemp(prefix="tandem-bench-")
    os.environ["TMPDIR"] = root
    stamp = os.path.join(root, "stamp")
    subprocess.run(["cc", "-O2", "-o", stamp, os.path.join(bench.BENCH, "stamp.c")], check=True)
    ws = bench.Workspace(root, stamp)
    results = {"binary": os.path.relpath(tandem, bench.ROOT), "runs": args.runs, "start": {}, "scale": {}}
    try:
        for sidecars in (0, 10):
            samples = {mode: [] for mode in MODES}
            for i in range(args.runs):
                for mode, extra in MODES.items():
                    bench.TANDEM_ARGS[:] = extra
                    row = bench.run_pod(ws, tandem, bench.Shape(sidecars), "tandem", 0, f"{sidecars}-{i}")
                    if row.get("start_ms") is not None:
                        samples[mode].append(row["start_ms"])
            results["start"][str(sidecars)] = {mode: statistics.median(v) for mode, v in samples.items() if v}
            bench.log(f"{sidecars} sidecars: {results['start'][str(sidecars)]}")
        for mode, extra in MODES.items():
            bench.TANDEM_ARGS[:] = extra
            row = bench.scale(ws, tandem, args.pods, args.window, readiness=False)
            results["scale"][mode] = {k: row.get(k) for k in ("containers", "start_all_ms", "rss_peak_mb", "strays")}
            bench.log(f"scale {mode}: {results['scale'][mode]}")
    finally:
        os.close(ws.fifo_fd)
        bench.reap_strays(root)
        shutil.rmtree(root, ignore_errors=True)

    start0, start10 = results["start"]["0"], results["start"]["10"]
    print("launch → main's first instruction, median ms")
    print(f"{'pod':<14}{'namespaces':>12}{'process groups':>16}")
    for n, row in (("0 sidecars", start0), ("10 sidecars", start10)):
        print(f"{n:<14}{row['namespaces']:>12.1f}{row['process groups']:>16.1f}")
    per = ((start10["namespaces"] - start0["namespaces"]) - (start10["process groups"] - start0["process groups"])) / 10
    results["per_container_ms"] = per
    print(f"containment cost per container start: {per:.2f} ms")
    for mode, row in results["scale"].items():
        print(f"scale, {mode}: {row['containers']} containers, all started in {row['start_all_ms']:.0f} ms, "
              f"peak RSS {row['rss_peak_mb']:.1f} MB")
    os.makedirs(os.path.dirname(os.path.abspath(args.json)), exist_ok=True)
    with open(args.json, "w") as handle:
        json.dump(results, handle, indent=1)


if __name__ == "__main__":
    main()
