-- Sort 200,000 pseudo-random integers (as sort.rhai).
local a = {}
local x = 42
for i = 1, 200000 do
    x = (x * 1103515245 + 12345) % 2147483648
    a[i] = x
end
table.sort(a)
print(string.format("%d %d %d", a[1], a[100001], a[200000]))
