-- wrk script for `make bench`: rotates through BENCH_PATHS ("|"-separated) request by
-- request, and prints one machine-readable summary line when the run is done.
--
-- "{n}" in a path becomes a number unique to the request (1e14 + thread * 1e9 + counter):
-- used as an upper investment bound that every project satisfies, it gives each request its
-- own cache key, so the page is computed as for a filter nobody asked for before.

local paths = {}
for path in string.gmatch(os.getenv("BENCH_PATHS") or "", "[^|]+") do
  paths[#paths + 1] = path
end

-- BENCH_COOKIE: a Cookie header for every request (the evaluating official's session).
-- BENCH_THREAD_REQUESTS ("path token|path token|..."): thread i POSTs BENCH_BODY to path i
-- with "Authorization: Bearer token i" (one firm per thread: run with -t N -c N).
local cookie = os.getenv("BENCH_COOKIE")
local per_thread = {}
for item in string.gmatch(os.getenv("BENCH_THREAD_REQUESTS") or "", "[^|]+") do
  local path, token = string.match(item, "^(%S+) (%S+)$")
  per_thread[#per_thread + 1] = {path = path, token = token}
end

local threads = 0
function setup(thread)
  threads = threads + 1
  thread:set("thread_number", threads)
  if #per_thread > 0 then
    local mine = per_thread[((threads - 1) % #per_thread) + 1]
    thread:set("post_path", mine.path)
    thread:set("post_token", mine.token)
  end
end

if cookie then
  wrk.headers["Cookie"] = cookie
end

if #per_thread > 0 then
  local body = os.getenv("BENCH_BODY") or "{}"
  request = function()
    return wrk.format("POST", post_path, {
      ["Authorization"] = "Bearer " .. post_token,
      ["Content-Type"] = "application/json",
    }, body)
  end
end

local unique = false
for _, path in ipairs(paths) do
  if string.find(path, "{n}", 1, true) then unique = true end
end

if #paths > 1 or unique then
  local counter = 0
  request = function()
    counter = counter + 1
    local path = paths[(counter % #paths) + 1]
    if unique then
      local n = 100000000000000 + (thread_number or 0) * 1000000000 + counter
      path = string.gsub(path, "{n}", string.format("%.0f", n))
    end
    return wrk.format("GET", path)
  end
end

done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'BENCH_JSON {"requests": %d, "duration_us": %d, "bytes": %d, ' ..
    '"p50_us": %d, "p90_us": %d, "p95_us": %d, "p99_us": %d, "max_us": %d, ' ..
    '"mean_us": %.1f, "errors": {"connect": %d, "read": %d, "write": %d, ' ..
    '"status": %d, "timeout": %d}}\n',
    summary.requests, summary.duration, summary.bytes,
    latency:percentile(50), latency:percentile(90), latency:percentile(95),
    latency:percentile(99), latency.max, latency.mean,
    e.connect, e.read, e.write, e.status, e.timeout))
end
