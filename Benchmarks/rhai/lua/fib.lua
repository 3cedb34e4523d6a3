-- Recursive Fibonacci: fib(28), five times (as fib.rhai).
local function fib(n)
    if n < 2 then return n else return fib(n - 1) + fib(n - 2) end
end
local result = 0
for i = 0, 4 do result = fib(28) end
print(result)
