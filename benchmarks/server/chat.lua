-- wrk script: one small non-streamed chat completion per request.
-- MODEL and KEY come from the environment (run.sh sets them).
local model = os.getenv("MODEL") or "gpt-4o-mini"
local key = os.getenv("KEY") or "unused"
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. key
wrk.body = '{"model":"' .. model .. '","max_tokens":50,'
  .. '"messages":[{"role":"user","content":"What is a circuit breaker?"}]}'

function done(summary, latency, requests)
  io.write(string.format("RESULT requests/s=%.0f p50_us=%d p99_us=%d errors=%d\n",
    summary.requests / (summary.duration / 1e6),
    latency:percentile(50), latency:percentile(99),
    summary.errors.status + summary.errors.connect + summary.errors.read
      + summary.errors.write + summary.errors.timeout))
end
