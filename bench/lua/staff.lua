-- Staff pages, signed in: GET each of `paths` (comma-separated) in turn, with the session
-- cookie python -m bench passes as a header (-H "Cookie: ...").
local bench = require("common")
local paths, next_index = {}, 0

bench.scenario {
  init = function()
    paths = bench.split(bench.args.paths)
    next_index = bench.thread  -- threads start at different paths
  end,
  request = function()
    return bench.get(paths[next_index % #paths + 1])
  end,
  response = function(status, body)
    next_index = next_index + 1
    return status == 200 and #body > 0
  end,
}
