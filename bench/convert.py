#!/usr/bin/env python3
"""tandem convert on a 1,000-document stream, side by side with tandem validate on the same stream.

The stream cycles through the realistic manifests of tests/convert (Istio-style Deployment, Job with
cloud-sql-proxy, Deployment with fluent-bit; their Service/ConfigMap documents dropped so that
`tandem validate` accepts the stream), each object renamed `<name>-<n>`. Measured: wall time of the
whole process (start-up included), best and median of --runs, for
  convert        legacy stream -> converted stream (every document changes)
  convert fixed  the converted stream again (nothing changes: the idempotent path)
  convert diff   legacy stream, -o diff
  validate       legacy stream
Python 3 standard library only; builds the release binary if missing.
"""
import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FIXTURES = ["istio-deployment", "job-cloud-sql-proxy", "deployment-fluent-bit"]
NAME = re.compile(r'^(  name: )(["\']?)([A-Za-z0-9.-]+)\2', re.MULTILINE)


def documents(path):
    with open(path, encoding="utf-8") as handle:
        text = handle.read()
    for doc in re.split(r"^---\s*$", text, flags=re.MULTILINE):
        if re.search(r"^kind: ['\"]?(Deployment|Job|Pod|StatefulSet|DaemonSet|ReplicaSet|CronJob)", doc, re.MULTILINE):
            yield doc.strip("\n") + "\n"


def stream(count):
    sources = [doc for name in FIXTURES for doc in documents(os.path.join(ROOT, "tests/convert", name + ".yaml"))]
    out = []
    for index in range(count):
        doc = sources[index % len(sources)]
        out.append(NAME.sub(lambda m: f"{m.group(1)}{m.group(2)}{m.group(3)}-{index}{m.group(2)}", doc, count=1))
    return "---\n".join(out)


def measure(arguments, runs, expect):
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        result = subprocess.run(arguments, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        times.append(time.perf_counter() - start)
        if result.returncode not in expect:
            sys.exit(f"{' '.join(arguments)}: exit {result.returncode}: {result.stderr.decode()[:500]}")
    return min(times), statistics.median(times), result


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--binary", default=os.path.join(ROOT, ".build/release/tandem"))
    parser.add_argument("--documents", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=7)
    options = parser.parse_args()
    if not os.path.exists(options.binary):
        subprocess.run(["swift", "build", "-c", "release", "--product", "tandem"], cwd=ROOT, check=True)

    with tempfile.TemporaryDirectory(prefix="tandem-bench-convert-") as directory:
        legacy = os.path.join(directory, "legacy.yaml")
        with open(legacy, "w", encoding="utf-8") as handle:
            handle.write(stream(options.documents))
        converted = os.path.join(directory, "converted.yaml")
        result = subprocess.run([options.binary, "convert", legacy], stdout=subprocess.PIPE, stderr=subprocess.PIPE, check=True)
        with open(converted, "wb") as handle:
            handle.write(result.stdout)
        moved = result.stderr.decode().count(": moved ")
        size = os.path.getsize(legacy)
        print(f"stream: {options.documents} documents, {size / 1024:.0f} KiB, {moved} documents converted; "
              f"best / median of {options.runs} runs, whole process")
        rows = [
            ("convert", [options.binary, "convert", legacy], {0}),
            ("convert (already converted)", [options.binary, "convert", converted], {0}),
            ("convert -o diff", [options.binary, "convert", "-o", "diff", legacy], {0}),
            ("validate (same stream)", [options.binary, "validate", legacy], {0}),
        ]
        print(f"| {'command':<28} | {'best':>8} | {'median':>8} | {'documents/s':>11} |")
        print(f"|{'-' * 30}|{'-' * 10}|{'-' * 10}|{'-' * 13}|")
        for label, arguments, expect in rows:
            best, median, _ = measure(arguments, options.runs, expect)
            print(f"| {label:<28} | {best * 1000:6.0f} ms | {median * 1000:6.0f} ms | {options.documents / median:11.0f} |")


if __name__ == "__main__":
    main()
