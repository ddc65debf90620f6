#!/usr/bin/env python3
"""Throughput, latency and memory of `tandem webhook` on loopback, measured with wrk and hey.

Usage: python3 bench/webhook/run.py [--binary PATH] [--duration S] [--connections N] [--rate R]
                                    [--max-load L] [--wait S] [--json PATH]

Builds the release `tandem-webhook` if no --binary is given, makes a CA and serving certificate with
examples/webhook/make-certs.sh, starts the webhook on 127.0.0.1 (a free port) with the sidecar of
bench/webhook/sidecar.yaml, and drives POST /mutate with the Deployment pod AdmissionReview of the tests
(sent compact, 2,600 bytes, as the API server sends it) four ways, with two floors:

  paced        wrk (Debian package `wrk`, bench/webhook/post.lua): N keep-alive connections, each waiting an
               exponentially distributed think time after every answer, so together they offer about R
               requests/s as independent (Poisson-like) arrivals; the latency at that load: achieved rate,
               p50/p90/p99/p99.9/max. This is the latency figure. Done --paced-runs times, in turn with the
               two floors below (a round of three, then the next), as neighbouring runs on shared cores move
               together; each row gives its median run and every run's p99;
  paced_healthz
               the same server, connections and load, each request a GET /healthz (no body, no admission):
               what the TLS/HTTP stack, the client and the machine leave of the latency;
  floor_nginx  when nginx is installed (Debian package `nginx-light`): nginx, 2 workers, same certificate,
               answering every POST with the webhook's own answer as a constant, under the paced load. What
               latency it shows is the client's, TLS's, the kernel's and the machine's, not the admission's;
  paced_hey    hey (Debian package `hey`): the same N and R, but hey's per-connection tickers start together
               and stay in step, so every 1/(R/N) s all N requests arrive at once: a burst of N, whose last
               answer waits for the N - 1 before it. Kept as the harsher, less realistic shape;
  keep_alive   wrk: N keep-alive connections in a closed loop, the most the server answers (its latency is
               N / throughput by Little's law, so it is not a latency figure);
  handshake_per_request
               wrk with `Connection: close`: one TLS handshake per request, closed loop.

For each, the server's own /metrics histogram (time from the request head to the answer, without the
client or TLS) is read before and after, and its quantiles are given as bucket upper bounds. Reports the
server's peak RSS (VmHWM) and the 1-minute load average before and after. Before starting it waits (polling
every 30 s, up to --wait seconds) for the load average to drop below --max-load, since the machine is shared;
the JSON says whether it did. Python 3 standard library only; everything it starts is stopped by pid before
it returns.
"""
import argparse
import contextlib
import json
import os
import re
import shutil
import signal
import socket
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


def wait_for_quiet(max_load, wait_s):
    """Polls the 1-minute load average every 30 s until it is below max_load or wait_s has passed."""
    started = time.monotonic()
    while True:
        load = os.getloadavg()[0]
        waited = time.monotonic() - started
        if load < max_load:
            return {"quiet": True, "waited_s": round(waited), "load": load}
        if waited >= wait_s:
            print(f"load average {load:.2f} still >= {max_load} after {waited:.0f} s; measuring anyway",
                  file=sys.stderr)
            return {"quiet": False, "waited_s": round(waited), "load": load}
        print(f"load average {load:.2f} >= {max_load}; waiting", file=sys.stderr)
        time.sleep(30)


def scheduling():
    """The niceness this script runs at and, with autogroup scheduling, its session's group niceness, so the
    JSON says when a run was given a negative one. Don't: wrk busy-polls between its millisecond timers, and
    at nice -19 (session 6's `boosted.sh`) it starved the kernel's nice-0 ksoftirqd threads that carry deferred
    loopback packets, for 200-600 ms at a time (bench/README.md, session 7)."""
    result = {"nice": os.nice(0)}
    try:
        with open("/proc/self/autogroup") as group:
            result["autogroup_nice"] = int(group.read().split()[-1])
    except (OSError, ValueError):
        pass
    return result


def server_histogram(metrics_text):
    """The /metrics admission-duration histogram as {upper bound (s): cumulative count}."""
    return {float(m.group(1)) if m.group(1) != "+Inf" else float("inf"): int(m.group(2)) for m in re.finditer(
        r'tandem_webhook_admission_duration_seconds_bucket\{le="([^"]+)"\} (\d+)', metrics_text)}


def histogram_quantiles(before, after):
    """Quantiles of the requests between two histogram readings, each as the upper bound of its bucket (ms)."""
    delta = {bound: after[bound] - before.get(bound, 0) for bound in after}
    total = delta.get(float("inf"), 0)
    result = {"requests": total}
    if total == 0:
        return result
    bounds = sorted(delta)
    for q in (50, 90, 99, 99.9):
        need = total * q / 100
        bound = next(b for b in bounds if delta[b] >= need)
        result[f"p{q:g}_le_ms".replace(".", "_")] = None if bound == float("inf") else round(bound * 1000, 3)
    result["under_5ms_fraction"] = round(delta.get(0.005, 0) / total, 5)
    return result


def fetch_metrics(address, ca):
    return subprocess.run(["curl", "-sS", "--cacert", ca, f"https://{address}/metrics"],
                          check=True, capture_output=True, text=True).stdout


def think_ms(connections, rate):
    """The mean think time (ms) that makes `connections` wrk connections offer about `rate` requests/s: each
    cycle is think + latency, and wrk's whole-millisecond timer floors the exponential draw (mean M - 0.5)."""
    return max(0.0, 1000.0 * connections / rate - 0.7)


def run_wrk(address, review, connections, duration, close, rate=None, path="/mutate", method="POST"):
    env = dict(os.environ, REVIEW=review, CLOSE="1" if close else "0", URL_PATH=path, METHOD=method)
    if rate:
        env["THINK_MS"] = f"{think_ms(connections, rate):.3f}"
    # Paced, wrk's event loop busy-polls: its think times are millisecond timers, and with one due within the
    # millisecond it calls epoll_wait with a timeout of 0, again and again. Two such threads keep two of the
    # machine's two cores spinning against the server and the kernel's ksoftirqd (median p99 over five runs
    # 5.7 ms, against 2.5 ms with one thread, bench/README.md); one thread offers 5,000/s with a quarter of a
    # core. The closed-loop rows have no timers and need both threads' throughput.
    threads = 1 if rate else 2
    command = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{duration}s", "--timeout", "5s",
               "-s", os.path.join(HERE, "post.lua"), f"https://{address}{path}"]
    # With a handshake per request wrk keeps both cores busy; boosted to a negative niceness (boosted.sh) it then
    # starves the kernel's own nice-0 threads that carry loopback packets: the server sat idle and answered
    # 45 requests/s (old and new server alike). So that run's wrk goes back to niceness 0 (no lower).
    unboost = (lambda: os.setpriority(os.PRIO_PROCESS, 0, 0)) if close and os.getpriority(os.PRIO_PROCESS, 0) < 0 else None
    output = subprocess.run(command, env=env, check=True, capture_output=True, text=True, preexec_fn=unboost).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    fields = dict(re.findall(r"(\w+)=(\d+)", output.split("tandem-bench:")[1]))
    # With Connection: close, wrk counts the server's close after each answer as a read error.
    errors = sum(int(v) for k, v in fields.items() if k.startswith("errors_") and (k != "errors_read" or not close))
    result = {"tool": "wrk", "requests_per_second": round(rps), "p50_ms": int(fields["p50_us"]) / 1000,
              "p90_ms": int(fields["p90_us"]) / 1000, "p99_ms": int(fields["p99_us"]) / 1000,
              "p99_9_ms": int(fields["p999_us"]) / 1000, "max_ms": int(fields["max_us"]) / 1000,
              "requests": int(fields["requests"]), "errors": errors}
    result["client_threads"] = threads
    if rate:
        result["offered_per_second"] = rate
        result["think_ms"] = float(env["THINK_MS"])
    return result


def summarize(results):
    """The run with the median p99, with every run's p99 and p50 in order, and the totals."""
    median = sorted(results, key=lambda r: r["p99_ms"])[(len(results) - 1) // 2]
    return dict(median, runs=len(results), p99_ms_each=[r["p99_ms"] for r in results],
                p50_ms_each=[r["p50_ms"] for r in results], requests=sum(r["requests"] for r in results),
                errors=sum(r["errors"] for r in results))


def interleaved(rounds, runs):
    """Each of `runs` ({key: run}) done once per round, in turn, 2 s apart, for `rounds` rounds; {key: summary}.
    One 10 s run's p99 on 2 shared cores moves by a factor of two from run to run, and neighbouring runs move
    together (the host's load changes over minutes, bench/README.md), so the rows compared are measured in
    turn, not one after the other."""
    results = {key: [] for key in runs}
    for index in range(rounds):
        for key, run in runs.items():
            if index or key != next(iter(runs)):
                time.sleep(2)
            results[key].append(run())
    return {key: summarize(values) for key, values in results.items()}


def run_hey(address, review, connections, duration, rate):
    per_connection = rate / connections
    command = ["hey", "-z", f"{duration}s", "-c", str(connections), "-q", f"{per_connection:g}", "-t", "5",
               "-m", "POST", "-T", "application/json", "-D", review, f"https://{address}/mutate"]
    output = subprocess.run(command, check=True, capture_output=True, text=True).stdout

    def seconds(pattern):
        return float(re.search(pattern, output).group(1))

    statuses = {int(code): int(count) for code, count in re.findall(r"\[(\d+)\]\s+(\d+) responses", output)}
    errors_block = output.split("Error distribution:")[1] if "Error distribution:" in output else ""
    errors = sum(int(n) for n in re.findall(r"\[(\d+)\]", errors_block))
    result = {"tool": "hey", "offered_per_second": rate, "requests_per_second": round(seconds(r"Requests/sec:\s+([\d.]+)")),
              "requests": sum(statuses.values()), "status_codes": statuses,
              "errors": errors + sum(n for code, n in statuses.items() if code != 200),
              "mean_ms": round(seconds(r"Average:\s+([\d.]+) secs") * 1000, 3),
              "max_ms": round(seconds(r"Slowest:\s+([\d.]+) secs") * 1000, 3)}
    for q in (50, 90, 99):
        result[f"p{q}_ms"] = round(seconds(rf"\s{q}% in ([\d.]+) secs") * 1000, 3)
    return result


@contextlib.contextmanager
def nginx_floor(work, answer):
    """The machine's floor: nginx (2 workers, TLS with the same certificate) answering every POST /mutate with
    the webhook's own answer to the review as a constant; yields its address. What latency it shows under the
    paced load is the client's, TLS's, the kernel's and the machine's noise, not the admission's."""
    probe = socket.socket()
    probe.bind(("127.0.0.1", 0))
    port = probe.getsockname()[1]
    probe.close()
    text = answer.decode().replace("\\", "\\\\").replace('"', '\\"')
    config = os.path.join(work, "nginx.conf")
    with open(config, "w") as out:
        out.write(f"""worker_processes 2;
pid {work}/nginx.pid;
error_log {work}/nginx-error.log;
events {{ worker_connections 1024; }}
http {{
  access_log off;
  client_body_temp_path {work}/nginx-body;
  default_type application/json;
  server {{
    listen 127.0.0.1:{port} ssl;
    ssl_certificate {work}/tls.crt;
    ssl_certificate_key {work}/tls.key;
    ssl_protocols TLSv1.2 TLSv1.3;
    keepalive_requests 10000000;
    client_body_buffer_size 64k;
    location = /mutate {{ return 200 "{text}"; }}
  }}
}}
""")
    nginx = subprocess.Popen([shutil.which("nginx") or "/usr/sbin/nginx", "-c", config, "-g", "daemon off;"],
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.05)
        yield f"127.0.0.1:{port}"
    finally:
        nginx.terminate()
        nginx.wait(timeout=30)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary")
    parser.add_argument("--duration", type=int, default=10)
    parser.add_argument("--connections", type=int, default=50)
    parser.add_argument("--rate", type=int, default=5000, help="total requests/s offered by the paced run")
    parser.add_argument("--paced-runs", type=int, default=5,
                        help="runs of the paced row; it reports the run with the median p99 and every run's p99")
    parser.add_argument("--max-load", type=float, default=1.5, help="wait until the 1-minute load average is below")
    parser.add_argument("--wait", type=int, default=900, help="longest wait for a quiet machine (s)")
    parser.add_argument("--json", default=os.path.join(ROOT, "bench", "results", "webhook.json"))
    args = parser.parse_args()
    for tool, package in (("wrk", "wrk"), ("hey", "hey")):
        if shutil.which(tool) is None:
            sys.exit(f"{tool} not found: apt-get install {package}")
    if os.nice(0) < 0:
        print("warning: running at a negative niceness starves the kernel's ksoftirqd threads that carry "
              "loopback packets (200-600 ms stalls); run at niceness 0", file=sys.stderr)
    binary = args.binary or build_binary()
    fixture = os.path.join(ROOT, "Tests", "TandemWebhookTests", "Fixtures", "deployment-pod-review.json")
    work = tempfile.mkdtemp(prefix="tandem-bench-webhook-")
    # Sent compact, as the API server sends it (Go's encoder writes no whitespace); the fixture is indented.
    review = os.path.join(work, "review.json")
    with open(fixture) as source, open(review, "w") as compact:
        json.dump(json.load(source), compact, separators=(",", ":"), ensure_ascii=False)
    ca = os.path.join(work, "ca.crt")
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
                   "scheduling": scheduling(), "wait_for_quiet": wait_for_quiet(args.max_load, args.wait),
                   "load_average_before": os.getloadavg()[0]}
        # The webhook's answer to the review, for nginx to give as a constant.
        answer = subprocess.run(["curl", "-sS", "--cacert", ca, "-H", "Content-Type: application/json",
                                 "--data-binary", "@" + review, f"https://{address}/mutate"],
                                check=True, capture_output=True).stdout
        paced = {"paced": lambda: run_wrk(address, review, args.connections, args.duration, close=False,
                                          rate=args.rate),
                 "paced_healthz": lambda: run_wrk(address, review, args.connections, args.duration, close=False,
                                                  rate=args.rate, path="/healthz", method="GET")}
        have_nginx = shutil.which("nginx") or os.path.exists("/usr/sbin/nginx")
        if not have_nginx:
            print("nginx not found (apt-get install nginx-light): no floor row", file=sys.stderr)
        with nginx_floor(work, answer) if have_nginx else contextlib.nullcontext() as floor:
            if floor:
                paced["floor_nginx"] = lambda: run_wrk(floor, review, args.connections, args.duration, close=False,
                                                       rate=args.rate)
            before = server_histogram(fetch_metrics(address, ca))
            load = os.getloadavg()[0]
            results.update(interleaved(args.paced_runs, paced))
            for key in paced:
                results[key]["load_average_before"] = load
            results["paced"]["server_histogram"] = histogram_quantiles(before, server_histogram(fetch_metrics(address, ca)))
        time.sleep(2)
        phases = (("paced_hey", lambda: run_hey(address, review, args.connections, args.duration, args.rate)),
                  ("keep_alive", lambda: run_wrk(address, review, args.connections, args.duration, close=False)),
                  ("handshake_per_request",
                   lambda: run_wrk(address, review, args.connections, args.duration, close=True)))
        for key, run in phases:
            before = server_histogram(fetch_metrics(address, ca))
            load = os.getloadavg()[0]
            results[key] = run()
            results[key]["load_average_before"] = load
            results[key]["server_histogram"] = histogram_quantiles(before, server_histogram(fetch_metrics(address, ca)))
            time.sleep(2)
        results["peak_rss_mib"] = round(peak_rss_kib(server.pid) / 1024, 1)
        metrics = fetch_metrics(address, ca)
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
    print("| run | requests/s | p50 | p90 | p99 | max | server p99 (bucket) |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for key, label in (("paced", f"{args.connections} keep-alive, offering {args.rate}/s, Poisson (wrk)"),
                       ("paced_healthz", f"floor: the same server, GET /healthz (no admission), as the first row (wrk)"),
                       ("floor_nginx", f"floor: nginx answering a constant, as the first row (wrk)"),
                       ("paced_hey", f"{args.connections} keep-alive, offering {args.rate}/s in lockstep (hey)"),
                       ("keep_alive", f"{args.connections} keep-alive, closed loop (wrk)"),
                       ("handshake_per_request", f"{args.connections}, TLS handshake per request (wrk)")):
        if key not in results:
            continue
        r = results[key]
        server_p99 = r.get("server_histogram", {}).get("p99_le_ms")
        print(f"| {label} | {r['requests_per_second']} | {r['p50_ms']} ms | {r['p90_ms']} ms | {r['p99_ms']} ms "
              f"| {r['max_ms']} ms | {'≤ %s ms' % server_p99 if server_p99 is not None else '—'} |"
              + (f" ({r['errors']} errors)" if r["errors"] else ""))
    for key in ("paced", "paced_healthz", "floor_nginx"):
        if "p99_ms_each" in results.get(key, {}):
            print(f"{key} p99 of each of {results[key]['runs']} runs, in turn (ms): {results[key]['p99_ms_each']}")
    print(f"server outcomes {results['server_outcomes']}")
    print(f"peak RSS {results['peak_rss_mib']} MiB; load average {results['load_average_before']:.2f} before, "
          f"{results['load_average_after']:.2f} after (quiet wait: {results['wait_for_quiet']}); "
          f"exit after SIGTERM {results['exit_status_after_sigterm']}")


if __name__ == "__main__":
    main()
