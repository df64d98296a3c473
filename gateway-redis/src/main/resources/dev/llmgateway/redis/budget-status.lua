-- Reclaims an account's expired leases and returns {spent, reserved}.
-- KEYS[1]: account hash; KEYS[2]: its lease set.
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local expired = redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', now, 'LIMIT', 0, 512)
for _, m in ipairs(expired) do
  local held = string.match(m, ':(%d+)$')
  if held then
    redis.call('HINCRBY', KEYS[1], 'reserved', '-' .. held)
  end
  redis.call('ZREM', KEYS[2], m)
end
local v = redis.call('HMGET', KEYS[1], 'spent', 'reserved')
return {tonumber(v[1] or '0'), tonumber(v[2] or '0')}
