-- A 1,000,000-step countdown loop (as loop.rhai).
local x = 1000000
while x > 0 do x = x - 1 end
print(x)
