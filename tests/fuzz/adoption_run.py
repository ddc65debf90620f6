#!/usr/bin/env python3
"""Runs tandem's adoption commands on every input in a directory (see adoption_inputs.py) and
judges each run: a crash is a death by signal or an exit status other than 0, 1 or 2; a hang is a
run over the time limit; an unescaped print is a control character (other than newline, and
other than CR/tab in the manifests convert and inject print back) on standard output or error.
Prints one line per fault and a summary; exits 1 on any fault.
   adoption_run.py TANDEM INPUT_DIR [--limit SECONDS] [--jobs N]"""
import argparse
import concurrent.futures
import json
import os
import re
import subprocess
import sys
import tempfile
import threading

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SIDECAR = os.path.join(ROOT, "tests/inject/shipper-sidecar.yaml")
GOOD_POD = os.path.join(ROOT, "tests/checks/admission/pod-after-webhooks.yaml")
GOOD_BEFORE = os.path.join(ROOT, "tests/checks/admission/deployment.yaml")
GOOD_WORKLOAD = os.path.join(ROOT, "tests/inject/workloads.yaml")

# (name, arguments with {} for the input, what stdout is: text, json or a manifest echoed back)
VARIANTS = [
    ("lint", ["lint", "{}"], "text"),
    ("lint-json", ["lint", "-o", "json", "{}"], "json"),
    ("lint-sarif", ["lint", "-o", "sarif", "{}"], "json"),
    ("lint-config", ["lint", "--config", "{}", GOOD_WORKLOAD], "text"),
    ("convert", ["convert", "{}"], "manifest"),
    ("convert-diff", ["convert", "-o", "diff", "{}"], "manifest"),
    ("inject", ["inject", "{}", "--sidecar", SIDECAR], "manifest"),
    ("inject-universal-patch", ["inject", "{}", "--sidecar", SIDECAR, "--mode", "universal", "-o", "jsonpatch"], "json"),
    ("inject-as-sidecar", ["inject", GOOD_WORKLOAD, "--sidecar", "{}"], "manifest"),
    ("feature-check-metrics", ["feature-check", "--metrics", "{}"], "text"),
    ("feature-check-kubelet", ["feature-check", "--metrics", "node-a={}", "--server-version", "1.29"], "text"),
    ("feature-check-nodes", ["feature-check", "--nodes", "{}", "--server-version", "1.29"], "text"),
    ("check-admission-before", ["check-admission", "{}", GOOD_POD], "text"),
    ("check-admission-after", ["check-admission", GOOD_BEFORE, "{}"], "text"),
    ("check-admission-audit", ["check-admission", GOOD_BEFORE, "--audit-log", "{}"], "text"),
    ("check-admission-webhooks", ["check-admission", GOOD_BEFORE, GOOD_POD, "--webhooks", "{}"], "text"),
]

# Text: C0 controls but newline, DEL, C1 controls (U+0080-U+009F, which some terminals obey) and
# the line separators and bidi overrides U+2028-U+202E, U+2066-U+2069 (which reorder what is shown).
MESSAGE_CONTROL = re.compile(rb"[\x00-\x09\x0b-\x1f\x7f]|\xc2[\x80-\x9f]|\xe2\x80[\xa8-\xae]|\xe2\x81[\xa6-\xa9]")
# JSON escapes by JSON rules: below U+0020 only (DEL is legal and left alone, as Go does).
JSON_CONTROL = re.compile(rb"[\x00-\x09\x0b-\x1f]")
MANIFEST_CONTROL = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def judge(tandem, limit, variant, path):
    """The faults of one run. Time is the run's CPU time (user + system, from wait4), so that a
    busy machine does not make a fast input look slow; a run still going at 5 × the limit in wall
    time (10 s at least: the machine may be busy) is a hang."""
    name, template, output = variant
    arguments = [tandem] + [part.replace("{}", path) for part in template]
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        process = subprocess.Popen(arguments, stdin=subprocess.DEVNULL, stdout=out, stderr=err)
        timer = threading.Timer(max(10, limit * 10), process.kill)
        timer.start()
        _, status, usage = os.wait4(process.pid, 0)
        timer.cancel()
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        done = subprocess.CompletedProcess(arguments, process.returncode, out.read(), err.read())
    elapsed = usage.ru_utime + usage.ru_stime
    if done.returncode == -9 and elapsed >= limit:
        return f"HANG {name} {path}: killed after {max(10, limit * 10):.0f}s ({elapsed:.2f}s of CPU)"
    faults = []
    if done.returncode < 0:
        faults.append(f"CRASH {name} {path}: killed by signal {-done.returncode}")
    elif done.returncode not in (0, 1, 2):
        faults.append(f"CRASH {name} {path}: exit {done.returncode}")
    if elapsed > limit:
        faults.append(f"SLOW {name} {path}: {elapsed:.2f}s of CPU")
    if MESSAGE_CONTROL.search(done.stderr):
        faults.append(f"UNESCAPED {name} {path}: stderr {MESSAGE_CONTROL.search(done.stderr).group()!r}")
    pattern = {"text": MESSAGE_CONTROL, "json": JSON_CONTROL, "manifest": MANIFEST_CONTROL}[output]
    if pattern.search(done.stdout):
        faults.append(f"UNESCAPED {name} {path}: stdout {pattern.search(done.stdout).group()!r}")
    # Exit 2 (unusable input) says why: every problem once, a whole line each, in file order
    # (issue 11: all of a file's problems in one pass), or, with -o json, the `loadErrors` object.
    if done.returncode == 2:
        if output == "json" and not done.stderr:
            try:
                reported = "loadErrors" in json.loads(done.stdout)
            except ValueError:
                reported = False
            if not reported:
                faults.append(f"NOT-REPORTED {name} {path}: exit 2, empty stderr, no loadErrors: {done.stdout[:300]!r}")
        elif not done.stderr.endswith(b"\n") or b"\n\n" in done.stderr or done.stderr.startswith(b"\n"):
            faults.append(f"NOT-LINES {name} {path}: {done.stderr[:300]!r}")
    return "\n".join(faults) or None


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("tandem")
    parser.add_argument("inputs")
    parser.add_argument("--limit", type=float, default=1.0)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--only", default="")
    args = parser.parse_args()
    paths = sorted(os.path.join(args.inputs, name) for name in os.listdir(args.inputs))
    variants = [v for v in VARIANTS if v[0].startswith(args.only)]
    work = [(variant, path) for path in paths for variant in variants]
    faults = []
    with concurrent.futures.ThreadPoolExecutor(args.jobs) as pool:
        for fault in pool.map(lambda item: judge(args.tandem, args.limit, *item), work):
            if fault:
                faults.append(fault)
                print(fault, flush=True)
    print(f"adoption fuzz: {len(work)} runs ({len(paths)} inputs x {len(variants)} commands), {len(faults)} faulty")
    sys.exit(1 if faults else 0)


if __name__ == "__main__":
    main()
