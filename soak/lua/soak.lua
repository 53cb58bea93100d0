-- The soak's load (python -m soak): one scenario per wrk process, one connection per
-- thread, so a thread's requests follow one another and the latency of each is the time
-- from request() to response(). Every answer is logged, one line per request, to
-- <log>-<thread>.log: "<monotonic s> <latency ms> <status> <kind> [<ids>...]". kind is
-- "ok", "bad" (not the expected answer), "resent" (the previous request got no answer:
-- a socket error, wrk sent it again) or "ack" (an acknowledged submission, with its ids).
-- CLOCK_MONOTONIC is Python's time.monotonic(), so the fault times line up.
--
-- scenarios: ussd (a whole USSD session filing a complaint), sms (inbound SMS, one in
-- RETRY_EVERY sent again with the same id, as Africa's Talking retries), web (the public
-- form: GET for the CSRF token and cookie, POST), staff (an officer's queue and dashboard,
-- and replies to citizens).
local ffi = require("ffi")
ffi.cdef [[
  typedef struct { long tv_sec; long tv_nsec; } soak_timespec;
  int clock_gettime(int clock_id, soak_timespec *tp);
]]
local stamp = ffi.new("soak_timespec")
local function now()
  ffi.C.clock_gettime(1, stamp)
  return tonumber(stamp.tv_sec) + tonumber(stamp.tv_nsec) / 1e9
end

local args, threads, counter = {}, {}, 0
local RETRY_EVERY = 5

function setup(thread)
  counter = counter + 1
  thread:set("thread_number", counter)
end

local function encode(value)
  return (tostring(value):gsub("[^%w%-%._~]", function(char)
    if char == " " then return "+" end
    return string.format("%%%02X", string.byte(char))
  end))
end

local function form(fields, order)
  local parts = {}
  for _, name in ipairs(order) do parts[#parts + 1] = name .. "=" .. encode(fields[name]) end
  return table.concat(parts, "&")
end

local FORM = { ["Content-Type"] = "application/x-www-form-urlencoded" }
local log, sent_at, answered = nil, nil, true
local scenario, tag = nil, nil
local count = 0

local function phone(n)
  -- unique per wrk process (tag), thread and count: +255 7 T H NNNNNN (nine digits)
  return string.format("+2557%01d%01d%06d", tonumber(args.tag) % 10, thread_number % 10,
                       n % 1000000)
end

local function marker()
  return string.format("soak%s-%d-%d", args.tag, thread_number, count)
end

local function write(status, kind, ...)
  local latency = sent_at and (now() - sent_at) * 1000 or 0
  log:write(string.format("%.3f %.1f %d %s", now(), latency, status, kind))
  for _, item in ipairs({ ... }) do log:write(" ", tostring(item)) end
  log:write("\n")
end

-- USSD: dial, feedback, complaint, a sector, an institution, the message, hide number no,
-- confirm; the final screen gives the reference.
local USSD_INPUTS = { "1", "1", "2", "2", "", "2", "1" }
local ORDER_USSD = { "sessionId", "serviceCode", "phoneNumber", "networkCode", "text" }
local ussd = { session = nil, step = 0, typed = "" }

local scenarios = {}

scenarios.ussd = {
  request = function()
    if ussd.session == nil then
      count = count + 1
      ussd.session = string.format("soak-%s-%d-%d", args.tag, thread_number, count)
      ussd.step, ussd.typed, ussd.phone = 0, "", phone(count)
    end
    local fields = { sessionId = ussd.session, serviceCode = "*152*00#",
                     phoneNumber = ussd.phone, networkCode = "64002", text = ussd.typed }
    return wrk.format("POST", "/ussd?token=" .. args.token, FORM, form(fields, ORDER_USSD))
  end,
  response = function(status, headers, body)
    local last = ussd.step == #USSD_INPUTS
    local reference = last and body:match("^END .-(%d%d%d %d%d%d %d%d%d%d)")
    local good = status == 200 and (reference or (not last and body:sub(1, 4) == "CON "))
    if good and not last then
      ussd.step = ussd.step + 1
      local input = USSD_INPUTS[ussd.step]
      if input == "" then input = "Umeme umekatika Sinza " .. ussd.session end
      ussd.typed = (ussd.step == 1) and input or (ussd.typed .. "*" .. input)
      write(status, "ok")
    else
      if reference then
        write(status, "ack", ussd.session, (reference:gsub(" ", "")))
      else
        write(status, "bad", ussd.session)
      end
      ussd.session = nil
    end
  end,
}

local ORDER_SMS = { "from", "to", "text", "date", "id", "linkId", "networkCode" }
local sms = { id = nil, body = nil, from = nil, again = false }

scenarios.sms = {
  request = function()
    if not sms.again then
      count = count + 1
      sms.id = "soak-sms-" .. marker()
      sms.from = phone(count)
      sms.body = "LALAMIKO TANESCO Umeme umekatika Sinza tangu jana " .. marker()
    end
    local fields = { from = sms.from, to = "15200", text = sms.body,
                     date = os.date("!%Y-%m-%d %H:%M:%S"), id = sms.id, linkId = "",
                     networkCode = "64002" }
    return wrk.format("POST", "/sms/inbound?token=" .. args.token, FORM, form(fields, ORDER_SMS))
  end,
  response = function(status, headers, body)
    if status == 200 then
      write(status, "ack", sms.id)
      -- Africa's Talking posts again until it gets a 200: here, some are posted twice.
      sms.again = not sms.again and count % RETRY_EVERY == 0
    else
      write(status, "bad", sms.id)
      sms.again = true  -- not stored: the gateway tries the same id again
    end
  end,
}

local web = { token = nil, cookie = nil }

scenarios.web = {
  request = function()
    if web.token == nil then return wrk.format("GET", "/submit") end
    count = count + 1
    local fields = { csrf_token = web.token, kind = "complaint", institution = "TANESCO",
                     subject = "Umeme", name = "", phone = phone(count), email = "",
                     body = "Umeme umekatika Sinza tangu jana asubuhi " .. marker(),
                     region = "", district = "" }
    local order = { "csrf_token", "kind", "institution", "subject", "body", "name", "phone",
                    "email", "region", "district" }
    return wrk.format("POST", "/submit",
                      { ["Content-Type"] = FORM["Content-Type"], Cookie = web.cookie },
                      form(fields, order))
  end,
  response = function(status, headers, body)
    if web.token == nil then
      web.token = body:match('name="csrf_token" type="hidden" value="([^"]+)"')
      local cookie = headers["Set-Cookie"] or headers["set-cookie"] or ""
      web.cookie = cookie:match("^([^;]+)")
      write(status, (status == 200 and web.token and web.cookie) and "ok" or "bad", web.cookie)
      return
    end
    local location = headers["Location"] or headers["location"] or ""
    local reference = location:match("/(%d+)$") or location:match("/(%d+)[/?]")
    if status == 302 and reference then
      write(status, "ack", marker(), reference)
    else
      write(status, "bad", marker())
    end
    web.token = nil  -- a fresh form (and session) for the next one
  end,
}

local staff = { paths = {}, index = 0, cases = {}, replying = nil }

-- An officer: the queue, the dashboard, and every third request a reply to a citizen (an SMS
-- through the outbox) on a case the queue listed; the reply's token is logged as an ack.
scenarios.staff = {
  request = function()
    staff.index = staff.index + 1
    if staff.index % 3 == 0 and #staff.cases > 0 then
      count = count + 1
      staff.replying = staff.cases[count % #staff.cases + 1]
      local body = form({ csrf_token = args.csrf, text = "Tunashughulikia " .. marker() },
                        { "csrf_token", "text" })
      return wrk.format("POST", "/staff/feedback/" .. staff.replying .. "/reply",
                        { ["Content-Type"] = FORM["Content-Type"], Cookie = args.cookie }, body)
    end
    staff.replying = nil
    return wrk.format("GET", staff.paths[staff.index % #staff.paths + 1],
                      { Cookie = args.cookie })
  end,
  response = function(status, headers, body)
    if staff.replying then
      if status == 302 then
        write(status, "ack", marker(), staff.replying)
      else
        write(status, "bad", marker(), staff.replying)
      end
      return
    end
    local found = {}
    for id in body:gmatch('/staff/feedback/(%d+)"') do found[#found + 1] = id end
    if #found > 0 then staff.cases = found end
    write(status, (status == 200 and #body > 0) and "ok" or "bad")
  end,
}

function init(argv)
  for i = 1, #argv do
    local key, value = argv[i]:match("^([%w_]+)=(.*)$")
    if key then args[key] = value end
  end
  scenario = scenarios[args.scenario]
  for path in string.gmatch(args.paths or "", "[^,]+") do staff.paths[#staff.paths + 1] = path end
  log = io.open(string.format("%s-%d.log", args.log, thread_number), "w")
  log:setvbuf("line")
end

local started = false  -- wrk asks for the first request twice before sending it

function request()
  if scenario == nil then return wrk.format("GET", "/") end  -- wrk's check of the script
  if not answered and started then write(0, "resent") end
  answered = false
  sent_at = now()
  return scenario.request()
end

function response(status, headers, body)
  answered, started = true, true
  scenario.response(status, headers, body)
end
