-- Sieve of Eratosthenes up to 1,000,000 (as primes.rhai).
local MAX = 1000000
local mask = {}
for i = 0, MAX do mask[i] = true end
mask[0] = false
mask[1] = false
local found = 0
for p = 2, MAX do
    if mask[p] then
        found = found + 1
        for i = 2 * p, MAX, p do mask[i] = false end
    end
end
print(string.format("Total %d primes <= %d", found, MAX))
