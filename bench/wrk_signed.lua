-- wrk script: POST pre-signed LINE webhook bodies, each once (a file of "signature<TAB>body").
-- usage: wrk -s bench/wrk_signed.lua ... URL -- FILE THREADS
local counter = 0
function setup(thread)
  thread:set("id", counter)
  counter = counter + 1
end

function init(args)
  local file, threads = args[1], tonumber(args[2])
  requests, n, i = {}, 0, 0
  local line_no = 0
  for line in io.lines(file) do
    if line_no % threads == id then
      local tab = line:find("\t", 1, true)
      local headers = {["Content-Type"] = "application/json",
                       ["X-Line-Signature"] = line:sub(1, tab - 1)}
      n = n + 1
      requests[n] = wrk.format("POST", "/callback", headers, line:sub(tab + 1))
    end
    line_no = line_no + 1
  end
end

function request()
  i = i % n + 1
  return requests[i]
end
