-- A sliding window of sub-buckets in one hash: field 'k<index>' holds what sub-bucket <index>
-- (counted from the epoch) admitted, 's' the window's total, 'm' the oldest index that may still
-- be kept, 'w' the window's length (a bucket given another window starts afresh).
-- KEYS[1]: the bucket. ARGV[1]: limit; ARGV[2]: amount; ARGV[3]: index of now's sub-bucket;
-- ARGV[4]: the first index still in the window; ARGV[5]: idle expiry in ms; ARGV[6]: window.
-- Returns {1, index} when admitted, else {0, index of the sub-bucket whose expiry makes room}.
local key = KEYS[1]
local limit = tonumber(ARGV[1])
local amount = tonumber(ARGV[2])
local k = tonumber(ARGV[3])
local first = tonumber(ARGV[4])
if redis.call('HGET', key, 'w') ~= ARGV[6] then
  redis.call('DEL', key)
  redis.call('HSET', key, 'w', ARGV[6], 's', '0', 'm', ARGV[3])
end
local m = tonumber(redis.call('HGET', key, 'm'))
local sum = tonumber(redis.call('HGET', key, 's'))
if m < first then
  if first - m > 4096 then
    redis.call('DEL', key)
    redis.call('HSET', key, 'w', ARGV[6])
    sum = 0
  else
    for j = m, first - 1 do
      local f = 'k' .. string.format('%d', j)
      local v = redis.call('HGET', key, f)
      if v then
        sum = sum - tonumber(v)
        redis.call('HDEL', key, f)
      end
    end
  end
  m = first
  redis.call('HSET', key, 's', string.format('%d', sum), 'm', ARGV[4])
end
if k < m then
  -- An instance whose clock is behind counts into the oldest sub-bucket still kept.
  k = m
end
if sum + amount <= limit then
  redis.call('HINCRBY', key, 'k' .. string.format('%d', k), ARGV[2])
  redis.call('HSET', key, 's', string.format('%d', sum + amount))
  redis.call('PEXPIRE', key, ARGV[5])
  return {1, k}
end
local needed = sum + amount - limit
local freed = 0
for j = m, k do
  local v = redis.call('HGET', key, 'k' .. string.format('%d', j))
  if v then
    freed = freed + tonumber(v)
    if freed >= needed then
      return {0, j}
    end
  end
end
return {0, k}
