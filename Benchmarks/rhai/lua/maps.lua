-- Make 100,000 small tables, then read a field of each (as maps.rhai).
local list = {}
for i = 0, 99999 do list[#list + 1] = { id = i, name = "n" .. i, score = i % 100 } end
local total = 0
for _, m in ipairs(list) do total = total + m.score end
print(total)
