-- Inbound SMS that files a complaint, posted as Africa's Talking posts /sms/inbound: a
-- unique id per message (the gateway's retry key), "LALAMIKO TANESCO ...".
local bench = require("common")
local ORDER = { "from", "to", "text", "date", "id", "linkId", "networkCode" }
local count = 0

bench.scenario {
  request = function()
    count = count + 1
    local fields = {
      from = bench.phone(count), to = "15200",
      text = string.format("LALAMIKO TANESCO Umeme umekatika Sinza tangu jana, nyumba %d",
                           count),
      date = os.date("!%Y-%m-%d %H:%M:%S"),
      id = string.format("bench-sms-%s-%d-%d", bench.run, bench.thread, count),
      linkId = "", networkCode = "64002",
    }
    return bench.post("/sms/inbound?token=" .. bench.args.token, bench.form(fields, ORDER))
  end,
  response = function(status, body)
    return status == 200
  end,
}
