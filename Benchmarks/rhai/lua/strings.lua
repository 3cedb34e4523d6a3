-- Build one string from 100,000 pieces (as strings.rhai; Lua's idiom is table.concat).
local parts = {}
for i = 0, 99999 do parts[#parts + 1] = i .. "," end
print(#table.concat(parts))
