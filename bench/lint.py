#!/usr/bin/env python3
"""tandem lint against tandem validate on the same 1,000 manifests, in one run each.

Usage: python3 bench/lint.py [--binary PATH] [--count 1000] [--runs 5]

Generates COUNT manifest files (Pods, Deployments, Jobs: the realistic fixtures of tests/lint,
renamed) in a temporary directory, then times `tandem validate FILE...` and `tandem lint FILE...`
over exactly the same file list, RUNS times each, alternating. Prints manifests per second (median)
and the ratio; the target is lint at least half as fast as validate. Standard library only.
"""
import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FIXTURES = ["istio-hold", "job-cloud-sql-proxy", "deployment-fluent-bit", "clean-native-sidecar"]


def pod_documents(text):
    """The fixture's documents of kinds tandem validate accepts (the Service is dropped)."""
    return [doc for doc in text.split("\n---\n") if "\nkind: Service" not in "\n" + doc]


def generate(directory, count):
    templates = []
    for name in FIXTURES:
        with open(os.path.join(ROOT, "tests", "lint", "fixtures", name + ".yaml")) as handle:
            templates.append("\n---\n".join(pod_documents(handle.read())))
    files = []
    for index in range(count):
        text = templates[index % len(templates)]
        text = text.replace("  name: ", "  name: n%04d-" % index, 1)
        path = os.path.join(directory, "m%04d.yaml" % index)
        with open(path, "w") as handle:
            handle.write(text)
        files.append(path)
    return files


def timed(argv):
    start = time.perf_counter()
    result = subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    elapsed = time.perf_counter() - start
    if result.returncode not in (0, 1):
        sys.exit("%s failed (%d): %s" % (argv[:2], result.returncode, result.stderr.decode()[:300]))
    return elapsed


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", default=os.path.join(ROOT, ".build", "release", "tandem"))
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=5)
    options = parser.parse_args()
    if not os.path.exists(options.binary):
        subprocess.run(["swift", "build", "-c", "release", "--product", "tandem"], cwd=ROOT, check=True)
    directory = tempfile.mkdtemp(prefix="tandem-bench-lint-")
    try:
        files = generate(directory, options.count)
        times = {"validate": [], "lint": []}
        for _ in range(options.runs):
            for command in ("validate", "lint"):
                times[command].append(timed([options.binary, command] + files))
        rate = {command: options.count / statistics.median(values) for command, values in times.items()}
        print("%d manifests, %d runs each, median" % (options.count, options.runs))
        for command in ("validate", "lint"):
            print("  tandem %-8s %7.0f manifests/s  (%.3f s)" % (command, rate[command], statistics.median(times[command])))
        ratio = rate["lint"] / rate["validate"]
        print("  lint / validate  %.2f  (target >= 0.50: %s)" % (ratio, "met" if ratio >= 0.5 else "MISSED"))
    finally:
        shutil.rmtree(directory)


if __name__ == "__main__":
    main()
