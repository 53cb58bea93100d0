-- Shared by every scenario script: arguments, per-thread counters, a clean stop at the
-- deadline, and the JSON line done() prints for `python -m bench` to read.
--
-- A scenario script does `local bench = require("common")` and then
-- bench.scenario{ request = function() ... end, response = function(status, body) ... end }.
-- request() returns the next HTTP request (bench.post / bench.get build it) and must not
-- move the scenario on: wrk calls it once more than it sends (to check the script).
-- response() moves it on, and returns false when the answer is not what the step expects
-- (counted as "bad"). wrk's Lua state is per thread, not per connection, so a scenario
-- that keeps state between requests runs with one connection per thread.
--
-- Stopping: wrk stops after -d seconds whatever is in flight, so a request the server had
-- already taken would be done but never counted. Instead, after `seconds` each connection
-- sends nothing more once its answer is in (delay() parks it), and the thread stops when
-- nothing it sent is unanswered: what the server did is exactly what was answered. wrk's own
-- -d is longer, a safety net only: the last thread to stop wakes wrk's main thread
-- (SIGINT, which wrk handles as "stop now") so that the run does not wait out -d.
local ffi = require("ffi")
ffi.cdef [[
  typedef struct { long tv_sec; long tv_nsec; } bench_timespec;
  int clock_gettime(int clock_id, bench_timespec *tp);
  typedef unsigned long bench_pthread;
  bench_pthread pthread_self(void);
  int pthread_kill(bench_pthread thread, int sig);
  void *calloc(size_t count, size_t size);
  typedef struct { bench_pthread main; int threads; int stopped[?]; } bench_shared;
]]

local CLOCK_MONOTONIC, SIGINT = 1, 2
local PARKED_MS = 3600 * 1000
local stamp = ffi.new("bench_timespec")
local bench = { args = {} }

function bench.now()
  ffi.C.clock_gettime(CLOCK_MONOTONIC, stamp)
  return tonumber(stamp.tv_sec) + tonumber(stamp.tv_nsec) / 1e9
end

-- Percent-encoding of application/x-www-form-urlencoded, as Africa's Talking posts.
function bench.encode(value)
  return (tostring(value):gsub("[^%w%-%._~]", function(char)
    if char == " " then return "+" end
    return string.format("%%%02X", string.byte(char))
  end))
end

-- A form body with the fields in the given order.
function bench.form(fields, order)
  local parts = {}
  for _, name in ipairs(order) do
    parts[#parts + 1] = name .. "=" .. bench.encode(fields[name])
  end
  return table.concat(parts, "&")
end

function bench.post(path, body)
  return wrk.format("POST", path,
    { ["Content-Type"] = "application/x-www-form-urlencoded" }, body)
end

function bench.get(path)
  return wrk.format("GET", path)
end

-- A phone number of this thread, unique for n < 1,000,000.
function bench.phone(n)
  return string.format("+2557%02d%06d", bench.thread % 100, n % 1000000)
end

function bench.split(text)
  local items = {}
  for item in string.gmatch(text or "", "[^,]+") do items[#items + 1] = item end
  return items
end

-- Counters of this thread (globals, so done() can read them with thread:get).
sent, answered, ok, non2xx, bad, finished, stopped = 0, 0, 0, 0, 0, 0, 0
first_at, last_at = -1, -1

local threads = {}
local scenario = nil
local deadline = math.huge
local main_thread = nil  -- where setup and init run, and wrk's extra request() call

-- One block every thread of the process sees: which threads have stopped, and wrk's main
-- thread to wake when all have. Made by the main Lua state (setup runs there).
local shared = nil

local function shared_block()
  if shared == nil then
    local size = ffi.sizeof("bench_shared", 1024)
    shared = ffi.cast("bench_shared *", ffi.C.calloc(1, size))  -- lives as long as wrk
    shared.main = ffi.C.pthread_self()
  end
  return shared
end

function setup(thread)
  threads[#threads + 1] = thread
  local block = shared_block()
  block.threads = #threads
  thread:set("thread_number", #threads)
  thread:set("shared_address", tonumber(ffi.cast("uintptr_t", block)))
end

local function stop_thread()
  stopped = 1
  wrk.thread:stop()
  local block = ffi.cast("bench_shared *", shared_address)
  block.stopped[bench.thread - 1] = 1
  for i = 0, block.threads - 1 do
    if block.stopped[i] == 0 then return end
  end
  ffi.C.pthread_kill(block.main, SIGINT)
end

function init(args)
  for i = 1, #args do
    local key, value = args[i]:match("^([%w_]+)=(.*)$")
    if key then bench.args[key] = value end
  end
  bench.thread = thread_number
  bench.run = bench.args.run or "run"
  main_thread = ffi.C.pthread_self()
  deadline = bench.now() + tonumber(bench.args.seconds or "10")
  if scenario.init then scenario.init() end
end

function delay()
  if bench.now() < deadline then return 0 end
  if sent == answered then stop_thread() end
  return PARKED_MS
end

function request()
  -- wrk calls request() once on its main thread to check the script: that one is not sent.
  if ffi.C.pthread_self() ~= main_thread then
    if first_at < 0 then first_at = bench.now() end
    sent = sent + 1
  end
  return scenario.request()
end

function response(status, headers, body)
  last_at = bench.now()
  answered = answered + 1
  if status >= 200 and status < 300 then ok = ok + 1 else non2xx = non2xx + 1 end
  if scenario.response and scenario.response(status, body) == false then bad = bad + 1 end
end

-- Count one finished unit of work (a whole USSD session, a menu pair).
function bench.finish()
  finished = finished + 1
end

function bench.scenario(definition)
  scenario = definition
end

local function json(value)
  if type(value) == "table" then
    local parts = {}
    for key, item in pairs(value) do
      parts[#parts + 1] = string.format("%q:%s", key, json(item))
    end
    return "{" .. table.concat(parts, ",") .. "}"
  elseif type(value) == "string" then
    return string.format("%q", value)
  elseif value ~= value or value == math.huge or value == -math.huge then
    return "null"
  end
  return string.format("%.17g", value)
end

local COUNTERS = { "sent", "answered", "ok", "non2xx", "bad", "finished", "stopped" }

function done(summary, latency, requests)
  local totals = {}
  for _, name in ipairs(COUNTERS) do totals[name] = 0 end
  local first, last = math.huge, -math.huge
  for _, thread in ipairs(threads) do
    for _, name in ipairs(COUNTERS) do totals[name] = totals[name] + thread:get(name) end
    local started, ended = thread:get("first_at"), thread:get("last_at")
    if started >= 0 and started < first then first = started end
    if ended > last then last = ended end
  end
  totals.seconds = (last > first) and (last - first) or 0
  totals.threads = #threads
  totals.latency_us = {
    p50 = latency:percentile(50), p95 = latency:percentile(95),
    p99 = latency:percentile(99), max = latency.max, mean = latency.mean,
  }
  totals.errors = {
    connect = summary.errors.connect, read = summary.errors.read,
    write = summary.errors.write, timeout = summary.errors.timeout,
  }
  io.write("BENCH_JSON ", json(totals), "\n")
end

return bench
