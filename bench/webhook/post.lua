-- wrk script: POST the AdmissionReview in $REVIEW to /mutate; with CLOSE=1 every request is on a new
-- connection (Connection: close), so each one pays a TLS handshake. run.py checks the server's own
-- /metrics afterwards: every request must have been answered with an injection.
wrk.method = "POST"
wrk.path = "/mutate"
wrk.headers["Content-Type"] = "application/json"
if os.getenv("CLOSE") == "1" then
    wrk.headers["Connection"] = "close"
end
local file = assert(io.open(os.getenv("REVIEW"), "rb"))
wrk.body = file:read("*a")
file:close()

function done(summary, latency, requests)
    io.write(string.format("tandem-bench: requests=%d errors_connect=%d errors_read=%d errors_write=%d errors_status=%d errors_timeout=%d p50_us=%d p90_us=%d p99_us=%d max_us=%d\n",
        summary.requests, summary.errors.connect, summary.errors.read, summary.errors.write,
        summary.errors.status, summary.errors.timeout, latency:percentile(50), latency:percentile(90),
        latency:percentile(99), latency.max))
end
