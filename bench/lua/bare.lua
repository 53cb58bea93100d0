-- The ceiling: a USSD-shaped POST, as the menu scenario sends, to the bare Flask app.
local bench = require("common")
local ORDER = { "sessionId", "serviceCode", "phoneNumber", "networkCode", "text" }
local count = 0

bench.scenario {
  request = function()
    count = count + 1
    local fields = {
      sessionId = string.format("bench-bare-%s-%d-%d", bench.run, bench.thread, count),
      serviceCode = "*152*00#", phoneNumber = bench.phone(count), networkCode = "64002",
      text = "1",
    }
    return bench.post("/ussd?token=" .. bench.args.token, bench.form(fields, ORDER))
  end,
  response = function(status, body)
    return status == 200 and body:sub(1, 4) == "CON "
  end,
}
