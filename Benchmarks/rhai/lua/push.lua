-- Append 1,000,000 integers to an array (as push.rhai).
local a = {}
for i = 0, 999999 do a[#a + 1] = i end
print(#a)
