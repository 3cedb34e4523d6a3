-- Fill, read back and empty a table of 160,000 string keys (as map.rhai).
local COUNT = 160000
local m = {}
for i = 0, COUNT - 1 do m["key" .. i] = i end
local sum = 0
for i = 0, COUNT - 1 do sum = sum + m["key" .. i] end
for i = 0, COUNT - 1 do m["key" .. i] = nil end
print(string.format("sum %d, left %d", sum, next(m) == nil and 0 or 1))
