-- Changes what an admitted entry counts, within its sub-bucket; nothing if it left the window.
-- KEYS[1]: the bucket. ARGV[1]: sub-bucket index; ARGV[2]: what it counted; ARGV[3]: the new amount.
local f = 'k' .. ARGV[1]
local v = redis.call('HGET', KEYS[1], f)
if not v then
  return 0
end
local before = tonumber(v)
local after = before + tonumber(ARGV[3]) - tonumber(ARGV[2])
if after < 0 then
  after = 0
end
redis.call('HSET', KEYS[1], f, string.format('%d', after))
local sum = tonumber(redis.call('HGET', KEYS[1], 's') or '0') + after - before
redis.call('HSET', KEYS[1], 's', string.format('%d', sum))
return 1
