#!/usr/bin/env python3
"""The cost of `tandem run`'s live view (issue 12): tandem's own CPU with 100 idle containers on a
pseudo-terminal (--output tty) against plain and quiet output, and launch -> main container start
with the live view on and off (and, with --before, for another tandem binary such as the release
before the live view existed).

Python 3 standard library only; tandem runs on a pty this script reads (so redraws really happen).
Usage: python3 bench/live_view.py [--binary PATH] [--before PATH] [--containers N] [--window S] [--runs N]
"""
import argparse, json, os, pty, select, signal, subprocess, tempfile, time, shutil

TICKS = os.sysconf("SC_CLK_TCK")


def cpu_ticks(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])


def manifest(directory, containers, stamp):
    lines = ["apiVersion: v1", "kind: Pod", "metadata: {name: idle}", "spec:",
             "  terminationGracePeriodSeconds: 2", "  initContainers:",
             "  - {name: proxy, image: busybox, restartPolicy: Always, command: [sleep, '100000']}",
             "  containers:",
             f"  - {{name: main, image: busybox, command: [sh, -c, 'date +%s%N > {stamp}; exec sleep 100000']}}"]
    for index in range(containers - 2):
        lines.append(f"  - {{name: c{index:03d}, image: busybox, command: [sleep, '100000']}}")
    path = os.path.join(directory, "pod.yaml")
    with open(path, "w") as f:
        f.write("\n".join(lines) + "\n")
    return path


def started(events, count):
    try:
        with open(events) as f:
            return f.read().count('"reason":"Started"') >= count
    except FileNotFoundError:
        return False


def run(binary, mode, containers, window, directory):
    stamp = os.path.join(directory, "main.stamp")
    if os.path.exists(stamp):
        os.remove(stamp)
    logs = os.path.join(directory, f"logs-{mode}-{time.time_ns()}")
    argv = [binary, "run", "--log-dir", logs, manifest(directory, containers, stamp)]
    if mode in ("tty", "plain"):
        argv[2:2] = ["--output", mode]
    elif mode in ("quiet", "before-quiet"):
        argv[2:2] = ["--quiet"]
    master = None
    launched = time.time_ns()
    if mode == "tty":
        pid, master = pty.fork()
        if pid == 0:
            os.environ["COLUMNS"], os.environ["LINES"] = "160", "120"
            os.execv(binary, argv)
        import fcntl, struct, termios
        fcntl.ioctl(master, termios.TIOCSWINSZ, struct.pack("HHHH", 120, 160, 0, 0))
        process = None
    else:
        process = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        pid = process.pid
        master = process.stdout.fileno()
    received = 0

    def drain(seconds):
        nonlocal received
        end = time.time() + seconds
        while True:
            left = end - time.time()
            if left <= 0:
                return
            ready, _, _ = select.select([master], [], [], left)
            if ready:
                try:
                    chunk = os.read(master, 65536)
                except OSError:
                    return
                if not chunk:
                    return
                received += len(chunk)

    deadline = time.time() + 60
    if mode == "before-quiet":
        # A tandem without events.jsonl: the main's stamp, then time for every container to start.
        while not os.path.exists(stamp) and time.time() < deadline:
            drain(0.1)
        drain(3.0)
    while mode != "before-quiet" and not started(os.path.join(logs, "events.jsonl"), containers) \
            and time.time() < deadline:
        drain(0.1)
    start_ms = None
    if os.path.exists(stamp):
        with open(stamp) as f:
            start_ms = (int(f.read().strip()) - launched) / 1e6
    drain(1.0)  # let the last redraw happen
    before_bytes = received
    before = cpu_ticks(pid)
    drain(window)
    used = cpu_ticks(pid) - before
    idle_bytes = received - before_bytes
    os.kill(pid, signal.SIGTERM)
    end = time.time() + 30
    while time.time() < end:
        drain(0.1)
        done, _ = os.waitpid(pid, os.WNOHANG)
        if done:
            break
    shutil.rmtree(logs, ignore_errors=True)
    return {"mode": mode, "cpu_percent": 100.0 * used / TICKS / window, "idle_bytes": idle_bytes,
            "start_ms": start_ms}


def median(values):
    values = sorted(v for v in values if v is not None)
    return values[len(values) // 2] if values else None


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", default=".build/release/tandem")
    parser.add_argument("--before", help="another tandem binary: its start latency (quiet) for comparison")
    parser.add_argument("--containers", type=int, default=100)
    parser.add_argument("--window", type=float, default=20)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    directory = tempfile.mkdtemp(prefix="tandem-live-bench-")
    results = {}
    try:
        for mode in ["tty", "plain", "quiet"]:
            runs = [run(os.path.abspath(args.binary), mode, args.containers, args.window, directory)
                    for _ in range(args.runs)]
            results[mode] = {"cpu_percent": median([r["cpu_percent"] for r in runs]),
                             "idle_bytes": median([r["idle_bytes"] for r in runs]),
                             "start_ms": median([r["start_ms"] for r in runs])}
        if args.before:
            runs = [run(os.path.abspath(args.before), "before-quiet", args.containers, args.window, directory)
                    for _ in range(args.runs)]
            results["before (--quiet)"] = {"cpu_percent": median([r["cpu_percent"] for r in runs]),
                                           "idle_bytes": median([r["idle_bytes"] for r in runs]),
                                           "start_ms": median([r["start_ms"] for r in runs])}
    finally:
        shutil.rmtree(directory, ignore_errors=True)
    print(f"{args.containers} idle containers, {args.window:.0f} s window, median of {args.runs}")
    print(f"{'output':18} {'tandem CPU':>11} {'bytes idle':>11} {'launch→main':>12}")
    for mode, r in results.items():
        start = f"{r['start_ms']:.1f} ms" if r["start_ms"] is not None else "-"
        print(f"{mode:18} {r['cpu_percent']:10.2f}% {r['idle_bytes']:11d} {start:>12}")
    print(json.dumps(results))


if __name__ == "__main__":
    main()
