-- serve_load.lua — the request mix of tests/e2e/serve_load.sh for wrk: every
-- tenth request is malformed (unknown actor or path, bad date, parameter,
-- escape or UTF-8, an oversized query string, a POST), the others are the
-- API's questions about the example database. Each thread stops after
-- LOAD_PER_THREAD answers; done() prints one "load:" line of figures.

local good = {
  "/api/dyad?a=USA&b=RUS",
  "/api/dyad?a=%E7%89%B9%E6%9C%97%E6%99%AE&b=Putin&from=2025-01-01&to=2025-12-31&by=month&fill=1",
  "/api/rhythm?a=USA&b=RUS",
  "/api/compare?a=USA&b=RUS&b=UKR",
  "/api/peak?a=USA&b=RUS&by=month",
  "/api/claims",
  "/api/claims?actor=%E6%AC%A7%E7%9B%9F",
  "/api/partners?a=USA&sort=tone",
  "/api/summary",
  "/api/events?a=USA&b=RUS&limit=50",
  "/api/events?actor=USA&origin=gdelt2&limit=20",
  "/api/actors?q=%E6%99%AE%E4%BA%AC",
  "/api/actors?q=rus",
  "/report?a=USA&b=RUS&fragment=1",
  "/",
}

local long = "/api/summary?x=" .. string.rep("a", 5000)

local bad = {
  { "GET", "/api/dyad?a=Putn&b=USA" },
  { "GET", "/api/dyad?a=USA&b=RUS&from=2025-13-45" },
  { "GET", "/api/dyad?a=USA&b=RUS&by=fortnight" },
  { "GET", "/api/dyad?a=USA&b=RUS&colour=red" },
  { "GET", "/api/dyad?a=%ZZ&b=RUS" },
  { "GET", "/api/dyad?a=%FF%FE&b=RUS" },
  { "GET", long },
  { "GET", "/api/nothing/here" },
  { "GET", "/api/events?limit=-5" },
  { "GET", "/api/peak?a=USA&b=RUS&by=all" },
  { "GET", "/report?a=USA&b=Nobodyland" },
  { "POST", "/api/summary" },
}

local sent, answers = 0, 0
s2xx, s4xx, s5xx, other = 0, 0, 0, 0
local limit = tonumber(os.getenv("LOAD_PER_THREAD") or "5000")
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function request()
  sent = sent + 1
  if sent % 10 == 0 then
    local b = bad[(sent / 10) % #bad + 1]
    if b[1] == "POST" then return wrk.format("POST", b[2], nil, "a=USA&b=RUS") end
    return wrk.format(b[1], b[2])
  end
  return wrk.format("GET", good[sent % #good + 1])
end

function response(status, headers, body)
  answers = answers + 1
  if status >= 500 then s5xx = s5xx + 1
  elseif status >= 400 then s4xx = s4xx + 1
  elseif status >= 200 and status < 300 then s2xx = s2xx + 1
  else other = other + 1 end
  if answers >= limit then wrk.thread:stop() end
end

function done(summary, latency, requests)
  local t2, t4, t5, to = 0, 0, 0, 0
  for _, t in ipairs(threads) do
    t2 = t2 + t:get("s2xx"); t4 = t4 + t:get("s4xx"); t5 = t5 + t:get("s5xx"); to = to + t:get("other")
  end
  local e = summary.errors
  io.write(string.format(
    "load: requests=%d seconds=%.3f rps=%.0f p50_ms=%.2f p90_ms=%.2f p99_ms=%.2f max_ms=%.2f " ..
    "s2xx=%d s4xx=%d s5xx=%d other=%d connect_errors=%d read_errors=%d write_errors=%d timeouts=%d\n",
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000, latency.max / 1000,
    t2, t4, t5, to, e.connect, e.read, e.write, e.timeout))
end
