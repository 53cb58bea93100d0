-- A whole USSD session that files a complaint: dial, give feedback, complaint, a sector,
-- an institution, the message (with a '*' typed inside it), "hide your number?" no,
-- confirm. Each session walks step by step: the next step is posted only once the previous
-- one is answered, so two steps of one session are never in flight together. One
-- connection per thread.
local bench = require("common")
local ORDER = { "sessionId", "serviceCode", "phoneNumber", "networkCode", "text" }
-- The inputs after the dial, and the screen each answer must start with.
local INPUTS = { "1", "1", "2", "2", "Umeme umekatika * Sinza tangu jana", "2", "1" }
local count, session, step, typed = 0, nil, 0, ""

bench.scenario {
  request = function()
    if session == nil then
      count = count + 1
      session = string.format("bench-session-%s-%d-%d", bench.run, bench.thread, count)
      step, typed = 0, ""
    end
    local fields = {
      sessionId = session, serviceCode = "*152*00#", phoneNumber = bench.phone(count),
      networkCode = "64002", text = typed,
    }
    return bench.post("/ussd?token=" .. bench.args.token, bench.form(fields, ORDER))
  end,
  response = function(status, body)
    local last = step == #INPUTS
    -- The final screen gives the reference ("482 193 7750"); a failure is also "END ".
    local good = status == 200 and (last and body:match("^END .*%d%d%d %d%d%d %d%d%d%d")
                                    or (not last and body:sub(1, 4) == "CON "))
    if good and not last then
      step = step + 1
      typed = (step == 1) and INPUTS[1] or (typed .. "*" .. INPUTS[step])
    else
      if good then bench.finish() end
      session = nil
    end
    return good and true or false
  end,
}
