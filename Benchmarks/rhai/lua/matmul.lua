-- 50x50 floating-point matrix multiply (as matmul.rhai).
local function new_mat(x, y)
    local m = {}
    for i = 0, x - 1 do
        local row = {}
        for j = 0, y - 1 do row[j] = 0.0 end
        m[i] = row
    end
    return m
end
local function mat_gen(n)
    local tmp = 1.0 / n / n
    local m = new_mat(n, n)
    for i = 0, n - 1 do
        for j = 0, n - 1 do m[i][j] = tmp * (i - j) * (i + j) end
    end
    return m
end
local function mat_mul(a, b, n)
    local b2 = new_mat(n, n)
    for i = 0, n - 1 do
        for j = 0, n - 1 do b2[j][i] = b[i][j] end
    end
    local c = new_mat(n, n)
    for i = 0, n - 1 do
        for j = 0, n - 1 do
            local sum = 0.0
            local ai, bj = a[i], b2[j]
            for z = 0, n - 1 do sum = sum + ai[z] * bj[z] end
            c[i][j] = sum
        end
    end
    return c
end
local SIZE = 50
local a = mat_gen(SIZE)
local b = mat_gen(SIZE)
local c = mat_mul(a, b, SIZE)
print(c[SIZE // 2][SIZE // 2])
