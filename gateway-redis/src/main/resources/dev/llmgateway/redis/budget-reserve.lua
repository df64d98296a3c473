-- Reserves an amount in n budget accounts at once, or in none.
-- KEYS[1..n]: account hashes (spent, reserved, alerted); KEYS[n+1..2n]: their lease sets.
-- ARGV[1]: amount (integer nano-dollars, as text); ARGV[2]: lease length in ms;
-- ARGV[3]: lease member "<id>:<amount>"; ARGV[4]: n; then per account: limit, expire-at (s, 0 = never).
-- Returns {0, leaseExpiresAtMs} when reserved, or {i, spent, reserved} for the first account i
-- that cannot hold the amount. Expired leases of every account are reclaimed first.
local n = tonumber(ARGV[4])
local amount = tonumber(ARGV[1])
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
for i = 1, n do
  local account, leases = KEYS[i], KEYS[n + i]
  local expired = redis.call('ZRANGEBYSCORE', leases, '-inf', now, 'LIMIT', 0, 512)
  for _, m in ipairs(expired) do
    local held = string.match(m, ':(%d+)$')
    if held then
      redis.call('HINCRBY', account, 'reserved', '-' .. held)
    end
    redis.call('ZREM', leases, m)
  end
  local v = redis.call('HMGET', account, 'spent', 'reserved')
  local spent = tonumber(v[1] or '0')
  local reserved = tonumber(v[2] or '0')
  if spent + reserved + amount > tonumber(ARGV[3 + 2 * i]) then
    return {i, spent, reserved}
  end
end
local expires = now + tonumber(ARGV[2])
for i = 1, n do
  redis.call('HINCRBY', KEYS[i], 'reserved', ARGV[1])
  redis.call('ZADD', KEYS[n + i], expires, ARGV[3])
  local at = tonumber(ARGV[4 + 2 * i])
  if at > 0 then
    redis.call('EXPIREAT', KEYS[i], at)
    redis.call('EXPIREAT', KEYS[n + i], at)
  end
end
return {0, expires}
