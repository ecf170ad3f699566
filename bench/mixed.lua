-- mixed.lua - wrk script for the load benchmark's mixed profile
-- (scripts/load-bench.sh): 70 % reads (catalogue page, ranked search, detail),
-- 20 % a demand's matches, 10 % writes (a new draft achievement through the
-- API with a bearer token). Ids and the token come from the environment:
-- TB_TOKEN, TB_ACH_IDS and TB_DEM_IDS (comma-separated published ids).
-- Every non-2xx answer counts as an error in wrk's "Non-2xx" line.

local function ids(name)
  local t = {}
  for v in string.gmatch(os.getenv(name) or "", "[^,]+") do t[#t + 1] = v end
  if #t == 0 then t[1] = "1" end
  return t
end

local ach, dem = ids("TB_ACH_IDS"), ids("TB_DEM_IDS")
local token = os.getenv("TB_TOKEN") or ""
-- Pre-encoded queries: 机器人视觉, 镁合金, 数据, robot
local queries = {
  "%E6%9C%BA%E5%99%A8%E4%BA%BA%E8%A7%86%E8%A7%89", "%E9%95%81%E5%90%88%E9%87%91",
  "%E6%95%B0%E6%8D%AE", "robot",
}
local body = '{"title_zh":"负载测试成果","abstract_zh":"负载测试写入的草稿",' ..
  '"keywords":["负载测试"],"field":"新材料","trl":5,"modes":["transfer"],' ..
  '"price":100000,"owner_org_id":1}'
local write_headers = {
  ["Authorization"] = "Bearer " .. token,
  ["Content-Type"] = "application/json",
}
local n = 0

request = function()
  n = n + 1
  local r = math.random(100)
  if r <= 25 then
    return wrk.format("GET", "/api/achievements?limit=20&offset=" .. (20 * (n % 5)))
  elseif r <= 45 then
    return wrk.format("GET", "/api/achievements?sort=relevance&limit=10&q=" .. queries[n % #queries + 1])
  elseif r <= 70 then
    return wrk.format("GET", "/api/achievements/" .. ach[n % #ach + 1])
  elseif r <= 90 then
    return wrk.format("GET", "/api/demands/" .. dem[n % #dem + 1] .. "/matches")
  end
  return wrk.format("POST", "/api/achievements", write_headers, body)
end

-- The first few failures of each thread, to say what the errors were.
local shown = 0
response = function(status, headers, body)
  if status >= 400 and shown < 3 then
    shown = shown + 1
    io.stderr:write(string.format("mixed: HTTP %d %s\n", status, string.sub(body or "", 1, 160)))
  end
end
