-- USSD menu step: a new session dials (text ""), then chooses "1" (give feedback), as
-- Africa's Talking posts each step. Needs one connection per thread (state between steps).
local bench = require("common")
local ORDER = { "sessionId", "serviceCode", "phoneNumber", "networkCode", "text" }
local count, session, dialled = 0, nil, false

bench.scenario {
  request = function()
    if session == nil then
      count = count + 1
      session = string.format("bench-menu-%s-%d-%d", bench.run, bench.thread, count)
      dialled = false
    end
    local fields = {
      sessionId = session, serviceCode = "*152*00#", phoneNumber = bench.phone(count),
      networkCode = "64002", text = dialled and "1" or "",
    }
    return bench.post("/ussd?token=" .. bench.args.token, bench.form(fields, ORDER))
  end,
  response = function(status, body)
    local good = status == 200 and body:sub(1, 4) == "CON "
    if good and not dialled then
      dialled = true
    else
      if good then bench.finish() end
      session = nil
    end
    return good
  end,
}
