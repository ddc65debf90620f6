#!/usr/bin/env python3
"""Checks state.terminated.message of the termination-message-* scenarios.

The corpus runner (README §4.5) has no check for container messages, so the
runtime.go termination-message tests carry the expected message in
source.note ("expected state.terminated.message: <JSON string>"). This script
runs those scenarios with --keep and compares the message in each status file.

    python3 tests/conformance/check_termination_messages.py --binary PATH
"""
import argparse, glob, json, os, re, shutil, subprocess, sys

HERE = os.path.dirname(os.path.abspath(__file__))
# ../shared beside the repository, as .ci/run expects it; from a worktree deeper
# down (/work/wt/NAME), the nearest shared/conformance/run.py above it.
def default_runner():
    directory = os.path.dirname(os.path.abspath(__file__))
    first = os.path.normpath(os.path.join(directory, "..", "..", "..", "shared", "conformance", "run.py"))
    while True:
        candidate = os.path.join(directory, "shared", "conformance", "run.py")
        if os.path.isfile(candidate):
            return candidate
        parent = os.path.dirname(directory)
        if parent == directory:
            return first
        directory = parent


RUNNER = default_runner()
MARK = re.compile(r'expected state\.terminated\.message: ("(?:[^"\\]|\\.)*")')


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--binary", required=True)
    ap.add_argument("--runner", default=RUNNER)
    args = ap.parse_args()
    expected = {}
    for path in sorted(glob.glob(os.path.join(HERE, "termination-message-*.json"))):
        with open(path) as f:
            sc = json.load(f)
        m = MARK.search(sc["source"].get("note", ""))
        if m:
            expected[sc["name"]] = json.loads(m.group(1))
    out = subprocess.run([sys.executable, args.runner, "--binary", args.binary, "--keep", "--quiet",
                          "--filter", "termination-message-", HERE],
                         stdout=subprocess.PIPE, text=True).stdout
    failed = 0
    seen = set()
    for line in out.splitlines():
        m = re.match(r"(PASS|FAIL) (\S+?):? .*\[kept: (\S+)\]", line)
        if not m or m.group(2) not in expected:
            continue
        name, kept = m.group(2), m.group(3)
        seen.add(name)
        try:
            with open(os.path.join(kept, "status.json")) as f:
                status = json.load(f)["status"]
            term = status["containerStatuses"][0]["state"].get("terminated") or {}
            got = term.get("message", "")
        except (OSError, KeyError, IndexError, ValueError) as e:
            got = "<no status: %s>" % e
        shutil.rmtree(kept, ignore_errors=True)
        ok = got == expected[name] and m.group(1) == "PASS"
        failed += not ok
        print("%s %s: message %s (expected %s)%s" % ("PASS" if ok else "FAIL", name, json.dumps(got),
              json.dumps(expected[name]), "" if m.group(1) == "PASS" else " [scenario failed]"))
    # A runner that did not run (wrong --runner) reports nothing: that is no pass.
    for name in sorted(set(expected) - seen):
        failed += 1
        print("FAIL %s: not reported by the runner (%s)" % (name, args.runner))
    print("%d checked, %d failed" % (len(expected), failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
