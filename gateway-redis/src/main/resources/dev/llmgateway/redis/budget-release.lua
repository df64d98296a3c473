-- Ends a lease without cost: frees the reserved amount unless the lease was reclaimed already.
-- KEYS as in budget-reserve.lua. ARGV[1]: lease member; ARGV[2]: reserved amount; ARGV[3]: n.
-- Returns how many accounts still held the lease.
local n = tonumber(ARGV[3])
local freed = 0
for i = 1, n do
  if redis.call('ZREM', KEYS[n + i], ARGV[1]) == 1 then
    redis.call('HINCRBY', KEYS[i], 'reserved', '-' .. ARGV[2])
    freed = freed + 1
  end
end
return freed
