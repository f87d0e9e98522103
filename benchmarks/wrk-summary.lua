-- Loaded by benchmarks/wrk.py with `wrk --script`: after the run, print what wrk measured as
-- one line, "nprz-wrk " and a JSON object, for Python to read.
-- wrk keeps every latency in a histogram of whole microseconds (up to --timeout), so these
-- percentiles are exact to the microsecond, not read back from its rounded text output.
-- No request() or response() here: wrk then sends its prepared GET and skips parsing
-- headers and bodies, so the script costs nothing during the run.

done = function(summary, latency, requests)
  local e = summary.errors
  -- %.0f, not %d: with no answers latency.min is 2^64-1, which %d refuses.
  io.write(string.format(
    'nprz-wrk {"requests": %.0f, "duration_us": %.0f, "bytes": %.0f, '
      .. '"errors": {"connect": %.0f, "read": %.0f, "write": %.0f, "status": %.0f, "timeout": %.0f}, '
      .. '"latency_us": {"p50": %.0f, "p95": %.0f, "p99": %.0f, "max": %.0f, "mean": %.1f}}\n',
    summary.requests, summary.duration, summary.bytes,
    e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(95), latency:percentile(99),
    latency.max, latency.mean
  ))
end
