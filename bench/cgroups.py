#!/usr/bin/env python3
"""What cgroups cost: tandem with its cgroups (the default) next to `tandem run --no-cgroups`.

Same pods, stamp program and measurement as bench/run.py (whose helpers this imports): launch
→ main container's first instruction and SIGTERM → returned, alternating the two modes run by
run; then the scale run (250 pods × 4 containers) in both modes for start-all time and peak
RSS. Needs root (or a delegated cgroup) for the cgroups to exist; says so when they do not.

    python3 bench/cgroups.py [--runs N] [--pods N] [--binary PATH] [--skip-scale]
"""
import argparse
import os
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import run as bench  # noqa: E402

EXTRA = []
_spawn = bench.spawn


def spawn(argv, stderr_path):
    if len(argv) > 1 and argv[1] == "run" and EXTRA:
        argv = argv[:2] + EXTRA + argv[2:]
    return _spawn(argv, stderr_path)


bench.spawn = spawn


def leftovers():
    out = subprocess.run(["find", "/sys/fs/cgroup", "-maxdepth", "6", "-type", "d", "-name", "tandem-*"],
                         capture_output=True, text=True).stdout
    return [line for line in out.splitlines() if line]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--pods", type=int, default=250)
    parser.add_argument("--binary")
    parser.add_argument("--skip-scale", action="store_true")
    args = parser.parse_args()
    tandem = args.binary or bench.build(bench.bin_dir(), "tandem")
    if os.geteuid() != 0:
        bench.log("warning: not root: unless a cgroup is delegated, both modes run without cgroups")
    before = set(leftovers())

    root = tempfile.mkdtemp(prefix="tandem-bench-cgroups-")
    os.environ["TMPDIR"] = root
    stamp = os.path.join(root, "stamp")
    subprocess.run(["cc", "-O2", "-o", stamp, os.path.join(bench.BENCH, "stamp.c")], check=True)
    ws = bench.Workspace(root, stamp)
    modes = {"cgroups": [], "no-cgroups": ["--no-cgroups"]}
    rows = []
    try:
        for sidecars in (0, 3, 10):
            shape = bench.Shape(sidecars)
            results = {mode: [] for mode in modes}
            for _ in range(args.runs):
                for mode, extra in modes.items():
                    EXTRA[:] = extra
                    results[mode].append(bench.run_pod(ws, tandem, shape, "tandem", 0, f"{mode}-{sidecars}"))
            row = {"sidecars": sidecars}
            for mode in modes:
                row[mode] = {
                    "start_ms": bench.summary([r.get("start_ms") for r in results[mode]]),
                    "stop_ms": bench.summary([r.get("stop_ms") for r in results[mode]]),
                    "failures": sum(1 for r in results[mode] if not r["ok"]),
                    "strays": sum(r["strays"] for r in results[mode]),
                }
            rows.append(row)
        scale = {}
        if not args.skip_scale:
            for mode, extra in modes.items():
                EXTRA[:] = extra
                bench.log(f"scale: {args.pods} pods, {mode}")
                scale[mode] = bench.scale(ws, tandem, args.pods, 3, readiness=False)
    finally:
        EXTRA[:] = []
        os.close(ws.fifo_fd)
        bench.reap_strays(root)
        shutil.rmtree(root, ignore_errors=True)

    def med(summary):
        return summary["median"] if summary else None

    print("| pod (settle 0) | containers | start, cgroups | start, --no-cgroups | cost per container start | stop, cgroups | stop, --no-cgroups |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for row in rows:
        n = row["sidecars"] + 1
        on, off = row["cgroups"], row["no-cgroups"]
        cost = (med(on["start_ms"]) - med(off["start_ms"])) / n if med(on["start_ms"]) and med(off["start_ms"]) else None
        print(f"| {row['sidecars']} sidecars | {n} | {bench.fmt(on['start_ms'])} | {bench.fmt(off['start_ms'])} | "
              f"{'%.2f ms' % cost if cost is not None else '—'} | {bench.fmt(on['stop_ms'])} | {bench.fmt(off['stop_ms'])} |")
        for mode in ("cgroups", "no-cgroups"):
            if row[mode]["failures"] or row[mode]["strays"]:
                print(f"  {mode}: {row[mode]['failures']} failures, {row[mode]['strays']} strays")
    if scale:
        print()
        print("| scale: %d pods × 4 containers | cgroups | --no-cgroups |" % args.pods)
        print("| --- | --- | --- |")
        for key, label in (("start_all_ms", "start all, ms"), ("rss_peak_mb", "peak RSS (VmHWM), MB"),
                           ("stop_all_ms", "stop all, ms")):
            values = [scale[m].get(key) for m in ("cgroups", "no-cgroups")]
            print(f"| {label} | " + " | ".join("%.1f" % v if v is not None else "—" for v in values) + " |")
    left = sorted(set(leftovers()) - before)
    print(f"\ncgroups left behind by the runs: {len(left)}" + ("" if not left else ": " + ", ".join(left[:5])))


if __name__ == "__main__":
    main()
