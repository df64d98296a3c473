-- Extends a key's cooldown (never shortens it) and tells every instance.
-- KEYS[1]: the cooldown hash. ARGV[1]: field; ARGV[2]: until (epoch nanos, non-negative integer text);
-- ARGV[3]: the channel. Returns the cooldown's end after the call.
local function later(a, b)
  if #a ~= #b then
    return #a > #b
  end
  return a > b
end
local cur = redis.call('HGET', KEYS[1], ARGV[1])
if cur and not later(ARGV[2], cur) then
  return cur
end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
redis.call('PUBLISH', ARGV[3], 'c|' .. ARGV[2] .. '|' .. ARGV[1])
return ARGV[2]
