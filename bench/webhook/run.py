#!/usr/bin/env python3
"""Throughput, p99 latency and memory of `tandem webhook` on loopback, measured with wrk.

Usage: python3 bench/webhook/run.py [--binary PATH] [--duration S] [--connections N] [--json PATH]

Builds the release `tandem-webhook` if no --binary is given, makes a CA and serving certificate with
examples/webhook/make-certs.sh, starts the webhook on 127.0.0.1 (a free port) with the sidecar of
bench/webhook/sidecar.yaml, and runs wrk (Debian package `wrk`) twice against POST /mutate with the
Deployment pod AdmissionReview of the tests: keep-alive connections, then `Connection: close` (one TLS
handshake per request). Reports requests/s, p50/p99 latency as wrk sees them, and the server's peak RSS
(VmHWM). Python 3 standard library only; everything it starts is stopped by pid before it returns.
"""
import argparse
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
HERE = os.path.dirname(os.path.abspath(__file__))


def build_binary():
    subprocess.run(["swift", "build", "-c", "release", "--product", "tandem-webhook"], cwd=ROOT, check=True)
    path = subprocess.run(["swift", "build", "-c", "release", "--show-bin-path"], cwd=ROOT, check=True,
                          capture_output=True, text=True).stdout.strip()
    return os.path.join(path, "tandem-webhook")


def peak_rss_kib(pid):
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return 0


def run_wrk(address, review, connections, duration, close):
    env = dict(os.environ, REVIEW=review, CLOSE="1" if close else "0")
    command = ["wrk", "-t2", f"-c{connections}", f"-d{duration}s", "--timeout", "5s",
               "-s", os.path.join(HERE, "post.lua"), f"https://{address}/mutate"]
    output = subprocess.run(command, env=env, check=True, capture_output=True, text=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    fields = dict(re.findall(r"(\w+)=(\d+)", output.split("tandem-bench:")[1]))
    # With Connection: close, wrk counts the server's close after each answer as a read error.
    errors = sum(int(v) for k, v in fields.items() if k.startswith("errors_") and (k != "errors_read" or not close))
    return {"requests_per_second": round(rps), "p50_ms": int(fields["p50_us"]) / 1000,
            "p99_ms": int(fields["p99_us"]) / 1000, "requests": int(fields["requests"]), "errors": errors}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary")
    parser.add_argument("--duration", type=int, default=10)
    parser.add_argument("--connections", type=int, default=50)
    parser.add_argument("--json", default=os.path.join(ROOT, "bench", "results", "webhook.json"))
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        sys.exit("wrk not found: apt-get install wrk")
    binary = args.binary or build_binary()
    review = os.path.join(ROOT, "Tests", "TandemWebhookTests", "Fixtures", "deployment-pod-review.json")
    work = tempfile.mkdtemp(prefix="tandem-bench-webhook-")
    server = None
    try:
        subprocess.run(["sh", os.path.join(ROOT, "examples", "webhook", "make-certs.sh"), work], check=True,
                       capture_output=True)
        server = subprocess.Popen([binary, "--tls-cert", os.path.join(work, "tls.crt"),
                                   "--tls-key", os.path.join(work, "tls.key"),
                                   "--sidecar", os.path.join(HERE, "sidecar.yaml"), "--listen", "127.0.0.1:0"],
                                  stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        line = server.stdout.readline()
        match = re.search(r"listening on https://(\S+)", line)
        if not match:
            sys.exit(f"webhook did not start: {line!r}")
        address = match.group(1)
        results = {"connections": args.connections, "duration_s": args.duration, "cpus": os.cpu_count(),
                   "load_average_before": os.getloadavg()[0]}
        results["keep_alive"] = run_wrk(address, review, args.connections, args.duration, close=False)
        results["handshake_per_request"] = run_wrk(address, review, args.connections, args.duration, close=True)
        results["peak_rss_mib"] = round(peak_rss_kib(server.pid) / 1024, 1)
        metrics = subprocess.run(["curl", "-sS", "--cacert", os.path.join(work, "ca.crt"), f"https://{address}/metrics"],
                                 check=True, capture_output=True, text=True).stdout
        results["server_outcomes"] = {m.group(1): int(m.group(2)) for m in re.finditer(
            r'tandem_webhook_admission_requests_total\{outcome="(\w+)"\} (\d+)', metrics)}
        results["load_average_after"] = os.getloadavg()[0]
        server.send_signal(signal.SIGTERM)
        results["exit_status_after_sigterm"] = server.wait(timeout=30)
        server = None
    finally:
        if server is not None:
            server.kill()
            server.wait()
        shutil.rmtree(work, ignore_errors=True)
    os.makedirs(os.path.dirname(args.json), exist_ok=True)
    with open(args.json, "w") as out:
        json.dump(results, out, indent=2, sort_keys=True)
        out.write("\n")
    print("| connections | requests/s | p50 | p99 |")
    print("| --- | --- | --- | --- |")
    for key, label in (("keep_alive", "keep-alive"), ("handshake_per_request", "TLS handshake per request")):
        r = results[key]
        print(f"| {args.connections}, {label} | {r['requests_per_second']} | {r['p50_ms']} ms | {r['p99_ms']} ms |"
              + (f" ({r['errors']} errors)" if r["errors"] else ""))
    print(f"server outcomes {results['server_outcomes']}")
    print(f"peak RSS {results['peak_rss_mib']} MiB; load average {results['load_average_before']:.1f} before, "
          f"{results['load_average_after']:.1f} after; exit after SIGTERM {results['exit_status_after_sigterm']}")


if __name__ == "__main__":
    main()
