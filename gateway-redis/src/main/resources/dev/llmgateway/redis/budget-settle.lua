-- Ends a lease with its actual cost: frees the reserved amount (unless the lease was reclaimed
-- already) and adds the cost to each account's spend, even after the lease expired.
-- KEYS as in budget-reserve.lua, then KEYS[2n+1]: the lease's settled marker, which makes a
-- settlement sent again (after a timeout whose command did run) count once.
-- ARGV[1]: lease member; ARGV[2]: reserved amount; ARGV[3]: actual cost; ARGV[4]: n; then per
-- account: alert threshold (-1 = none), expire-at (s, 0 = never); last: the marker's life in ms.
-- Returns {i, spent, reserved, ...} for every account whose alert threshold this settlement
-- crossed first in its window (HSETNX on 'alerted' makes it once across every instance).
local n = tonumber(ARGV[4])
local out = {}
if not redis.call('SET', KEYS[2 * n + 1], '1', 'NX', 'PX', ARGV[5 + 2 * n]) then
  return out
end
for i = 1, n do
  local account = KEYS[i]
  if redis.call('ZREM', KEYS[n + i], ARGV[1]) == 1 then
    redis.call('HINCRBY', account, 'reserved', '-' .. ARGV[2])
  end
  local spent = redis.call('HINCRBY', account, 'spent', ARGV[3])
  local threshold = tonumber(ARGV[3 + 2 * i])
  if threshold >= 0 and spent >= threshold
      and redis.call('HSETNX', account, 'alerted', '1') == 1 then
    out[#out + 1] = i
    out[#out + 1] = spent
    out[#out + 1] = tonumber(redis.call('HGET', account, 'reserved') or '0')
  end
  local at = tonumber(ARGV[4 + 2 * i])
  if at > 0 then
    redis.call('EXPIREAT', account, at)
    redis.call('EXPIREAT', KEYS[n + i], at)
  end
end
return out
