-- Loaded by benchmarks/wrk.py (`wrk --script`): after the run, print wrk's counters and its
-- latency histogram as one line, "nprz-wrk " and a JSON object, for Python to read.
--
-- wrk keeps the latency of every request in a histogram of whole microseconds. Before done()
-- it adds synthetic samples to that histogram for every answer slower than twice the mean
-- interval (stats_correct in wrk's stats.c, a correction for coordinated omission); wrk.py
-- takes them out again, so the percentiles are those of the requests actually measured.
--
-- The histogram is read through LuaJIT's FFI: wrk's Lua API (latency(i)) walks the whole
-- histogram for every bucket it returns, far too slow for a few thousand buckets. The struct
-- is wrk's `stats` (stats.h, the same since wrk 4.0); the minimum, maximum and bucket count
-- from the API are printed beside it, so wrk.py can check that it was read right.
-- No request() or response() here: wrk then sends its prepared GET and does not hand headers
-- and bodies to Lua, so the script costs nothing during the run.

local ffi = require("ffi")
ffi.cdef([[
typedef struct { uint64_t count, limit, min, max; uint64_t data[?]; } nprz_wrk_stats;
]])

done = function(summary, latency, requests)
  local stats = ffi.cast("nprz_wrk_stats **", latency)[0]
  local buckets = {}
  -- With no answers min is 2^64-1 and max 0, so the loop does not run.
  for value = tonumber(stats.min), tonumber(stats.max) do
    local count = stats.data[value]
    if count > 0 then
      buckets[#buckets + 1] = string.format("[%d,%d]", value, tonumber(count))
    end
  end
  local e = summary.errors
  io.write(string.format(
    'nprz-wrk {"requests": %.0f, "duration_us": %.0f, "bytes": %.0f, '
      .. '"errors": {"connect": %.0f, "read": %.0f, "write": %.0f, "status": %.0f, "timeout": %.0f}, '
      .. '"min_us": %.0f, "max_us": %.0f, "buckets": %.0f, "histogram": [',
    summary.requests, summary.duration, summary.bytes,
    e.connect, e.read, e.write, e.status, e.timeout,
    latency.min, latency.max, #latency
  ))
  io.write(table.concat(buckets, ","), "]}\n")
end
