-- wrk script: POST the AdmissionReview in $REVIEW to /mutate (or $URL_PATH; METHOD=GET sends a GET without a
-- body instead). With CLOSE=1 every request is on a new connection (Connection: close), so each one pays a
-- TLS handshake. With THINK_MS=M each connection waits a random, exponentially distributed time of mean M ms
-- (whole ms: wrk's timer resolution) after each answer before its next request, so 50 connections make a
-- Poisson-like stream of independent arrivals (about 50 / (M + latency) per ms), the way pods created across a
-- cluster reach a webhook; without it, each connection sends its next request as soon as the answer is in
-- (closed loop). run.py checks the server's own /metrics afterwards: every request must have been answered
-- with an injection.
wrk.path = os.getenv("URL_PATH") or "/mutate"
if os.getenv("CLOSE") == "1" then
    wrk.headers["Connection"] = "close"
end
if os.getenv("METHOD") == "GET" then
    -- GET $URL_PATH without a body (/healthz: the same server and connections without an admission).
    wrk.method = "GET"
else
    wrk.method = "POST"
    wrk.headers["Content-Type"] = "application/json"
    local file = assert(io.open(os.getenv("REVIEW"), "rb"))
    wrk.body = file:read("*a")
    file:close()
end

local think = tonumber(os.getenv("THINK_MS") or "")
function setup(thread)
    thread:set("seed", math.random(1, 1000000000))
end
function init(args)
    math.randomseed(seed or 1)
end
if think then
    function delay()
        return math.floor(-math.log(1 - math.random()) * think)
    end
end

function done(summary, latency, requests)
    io.write(string.format("tandem-bench: requests=%d errors_connect=%d errors_read=%d errors_write=%d errors_status=%d errors_timeout=%d p50_us=%d p90_us=%d p99_us=%d p999_us=%d max_us=%d\n",
        summary.requests, summary.errors.connect, summary.errors.read, summary.errors.write,
        summary.errors.status, summary.errors.timeout, latency:percentile(50), latency:percentile(90),
        latency:percentile(99), latency:percentile(99.9), latency.max))
end
