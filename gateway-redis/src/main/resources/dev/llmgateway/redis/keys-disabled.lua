-- Changes a key's disabled state atomically and tells every instance. A state is
-- "<since>|<probing 0/1>|<reason>".
-- KEYS[1]: the disabled hash. ARGV[1]: operation (disable, probe, endProbe, enable); ARGV[2]: field;
-- ARGV[3]: the channel; ARGV[4]: since / disabled-up-to (epoch nanos); ARGV[5]: reason.
-- Returns 1 if the operation did what it asks (disable: was enabled; probe: claimed; endProbe:
-- ended; enable: was disabled), else 0.
local function later(a, b)
  if #a ~= #b then
    return #a > #b
  end
  return a > b
end
local op, field, channel = ARGV[1], ARGV[2], ARGV[3]
local cur = redis.call('HGET', KEYS[1], field)
local since, probing, reason
if cur then
  since, probing, reason = string.match(cur, '^(%d+)|([01])|(.*)$')
end
local function put(v)
  redis.call('HSET', KEYS[1], field, v)
  redis.call('PUBLISH', channel, 'd|' .. v .. '|' .. field)
end
if op == 'disable' then
  put(ARGV[4] .. '|0|' .. (reason or ARGV[5]))
  if cur then return 0 end
  return 1
elseif op == 'probe' then
  if not cur or probing == '1' or later(since, ARGV[4]) then
    return 0
  end
  put(since .. '|1|' .. reason)
  return 1
elseif op == 'endProbe' then
  if cur and probing == '1' then
    put(since .. '|0|' .. reason)
    return 1
  end
  return 0
else
  if not cur then
    return 0
  end
  redis.call('HDEL', KEYS[1], field)
  redis.call('PUBLISH', channel, 'e||' .. field)
  return 1
end
