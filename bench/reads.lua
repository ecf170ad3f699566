-- reads.lua - wrk script of bench/nodes.mjs: anonymous reads only, a mix of
-- the catalogue page, ranked search, detail and a demand's matches, so that
-- one node and two nodes are measured on the same requests. Ids come from
-- TB_ACH_IDS and TB_DEM_IDS (comma-separated published ids).
local function ids(name)
  local t = {}
  for v in string.gmatch(os.getenv(name) or "", "[^,]+") do t[#t + 1] = v end
  if #t == 0 then t[1] = "1" end
  return t
end
local ach, dem = ids("TB_ACH_IDS"), ids("TB_DEM_IDS")
-- Pre-encoded queries: 机器人视觉, 镁合金, 数据, robot
local queries = {
  "%E6%9C%BA%E5%99%A8%E4%BA%BA%E8%A7%86%E8%A7%89", "%E9%95%81%E5%90%88%E9%87%91",
  "%E6%95%B0%E6%8D%AE", "robot",
}
local n = 0
request = function()
  n = n + 1
  local r = n % 10
  if r < 3 then
    return wrk.format("GET", "/api/achievements?limit=20&offset=" .. (20 * (n % 5)))
  elseif r < 6 then
    return wrk.format("GET", "/api/achievements?sort=relevance&limit=10&q=" .. queries[n % #queries + 1])
  elseif r < 8 then
    return wrk.format("GET", "/api/achievements/" .. ach[n % #ach + 1])
  end
  return wrk.format("GET", "/api/demands/" .. dem[n % #dem + 1] .. "/matches")
end
