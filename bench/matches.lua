-- matches.lua - wrk script for the load benchmark's signed-in matches row
-- (scripts/load-bench.sh): GET /api/demands/ID/matches over the demands of
-- TB_DEM_IDS in turn, with the bearer token TB_TOKEN. Signed-in answers are
-- never taken from the public answer cache (api/cache.c), so this row
-- measures the matching itself and its match cache (domain/docking.c).
local dem = {}
for v in string.gmatch(os.getenv("TB_DEM_IDS") or "", "[^,]+") do dem[#dem + 1] = v end
if #dem == 0 then dem[1] = "1" end
local headers = { ["Authorization"] = "Bearer " .. (os.getenv("TB_TOKEN") or "") }
local n = 0

request = function()
  n = n + 1
  return wrk.format("GET", "/api/demands/" .. dem[n % #dem + 1] .. "/matches", headers)
end

local shown = 0
response = function(status, headers, body)
  if status >= 400 and shown < 3 then
    shown = shown + 1
    io.stderr:write(string.format("matches: HTTP %d %s\n", status, string.sub(body or "", 1, 160)))
  end
end
