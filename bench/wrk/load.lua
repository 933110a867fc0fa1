-- wrk script for bench/load.py: one connection per thread, so requests and responses alternate.
--   wrk -t32 -c32 -d10s -s bench/wrk/load.lua URL -- MODE [COOKIES]
-- MODE: hello-get (GET /), hello-cycle (GET / then POST /), study (GET a bank's next question with
-- a student's session), cycle (GET the next question, then POST a valid answer to it).
-- COOKIES: a file with one line per student ("session=..."); threads share the students out.

local mode, students = "hello-get", {}
local banks = { "agreement", "space-powers", "reactions" }
local threads = {}

local function read_lines(path)
  local lines = {}
  for line in io.lines(path) do
    if line ~= "" then lines[#lines + 1] = line end
  end
  return lines
end

function setup(thread)
  local args = wrk.args or {}
  thread:set("index", #threads)
  threads[#threads + 1] = thread
end

function init(args)
  mode = args[1] or "hello-get"
  if args[2] then
    local all, count = read_lines(args[2]), tonumber(args[3] or "1")
    local first = (index * count) % #all
    for i = 1, count do students[i] = all[(first + i - 1) % #all + 1] end
  end
  student, bank, posting, bad, exhausted = 1, 1, nil, 0, 0
end

local function unescape(text)
  return (text:gsub("&#34;", '"'):gsub("&#39;", "'"):gsub("&quot;", '"'):gsub("&lt;", "<")
    :gsub("&gt;", ">"):gsub("&amp;", "&"))
end

local function encode(text)
  return (unescape(text):gsub("[^%w%-%._~]", function(c) return string.format("%%%02X", c:byte()) end))
end

local function answer_fields(body)
  local kind = body:match('data%-type="(%a+)"')
  if kind == "choice" or kind == "truefalse" then
    return "answer=" .. encode(body:match('name="answer" value="([^"]*)"'))
  elseif kind == "multi" then
    return "picks=" .. encode(body:match('name="picks" value="([^"]*)"'))
  elseif kind == "short" or kind == "numeric" then
    return "answer=1"
  elseif kind == "flashcard" then
    return "rating=3"
  end
  -- Matching: a different target for each item (the same one twice is refused).
  local targets, seen = {}, {}
  for option in body:gmatch('<option value="([^"]+)"') do
    if not seen[option] then seen[option] = true; targets[#targets + 1] = option end
  end
  local fields, n = {}, 0
  for i in body:gmatch('name="parts%-(%d+)"') do
    n = n + 1
    local value = "x"
    if kind == "ordering" then
      value = tostring(n)
    elseif kind == "matching" then
      value = encode(targets[n] or targets[1])
    end
    fields[#fields + 1] = "parts-" .. i .. "=" .. value
  end
  return table.concat(fields, "&")
end

local function headers()
  local h = {}
  if students[student] then h["Cookie"] = students[student] end
  return h
end

function request()
  if mode == "hello-get" then
    return wrk.format("GET", "/")
  elseif mode == "hello-cycle" and posting then
    local body = posting
    return wrk.format("POST", "/", { ["Content-Type"] = "application/x-www-form-urlencoded" }, body)
  elseif mode == "hello-cycle" then
    return wrk.format("GET", "/")
  elseif mode == "study" then
    return wrk.format("GET", "/study/agreement/next", headers())
  elseif posting then
    local h = headers()
    h["Content-Type"] = "application/x-www-form-urlencoded"
    return wrk.format("POST", "/study/" .. banks[bank] .. "/answer", h, posting)
  end
  return wrk.format("GET", "/study/" .. banks[bank] .. "/next", headers())
end

local HELLO_FORM = "csrf_token=" .. string.rep("c", 91) .. "&token=" .. string.rep("t", 110)
  .. "&answer=Roscosmos"

local function next_student()
  bank = bank + 1
  if bank > #banks then
    bank, student = 1, student + 1
    if student > #students then student, exhausted = 1, exhausted + 1 end
  end
end

function response(status, hdrs, body)
  if mode == "hello-get" or mode == "study" then
    if status ~= 200 then bad = bad + 1 end
  elseif mode == "hello-cycle" then
    if posting then
      if status ~= 303 then bad = bad + 1 end
      posting = nil
    else
      if status ~= 200 then bad = bad + 1 end
      posting = HELLO_FORM
    end
  elseif posting then
    if status ~= 303 then bad = bad + 1 end
    posting = nil
  elseif status ~= 200 then
    bad = bad + 1
  elseif body:find('name="token"', 1, true) then
    local csrf = body:match('name="csrf_token" type="hidden" value="([^"]+)"')
    local token = body:match('name="token" type="hidden" value="([^"]+)"')
      or body:match('name="token"[^>]-value="([^"]+)"')
    posting = "csrf_token=" .. encode(csrf) .. "&token=" .. encode(token) .. "&" .. answer_fields(body)
  else
    next_student() -- nothing left in this bank for this student today
  end
end

function done(summary, latency, requests)
  local bad_total, exhausted_total = 0, 0
  for _, thread in ipairs(threads) do
    bad_total = bad_total + (thread:get("bad") or 0)
    exhausted_total = exhausted_total + (thread:get("exhausted") or 0)
  end
  local errors = summary.errors
  io.write(string.format(
    '{"requests": %d, "seconds": %.3f, "p50_ms": %.3f, "p99_ms": %.3f, "max_ms": %.3f, '
      .. '"bad_status": %d, "socket_errors": %d, "exhausted": %d}\n',
    summary.requests, summary.duration / 1e6, latency:percentile(50) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000, bad_total,
    errors.connect + errors.read + errors.write + errors.timeout, exhausted_total))
end
