/**
 * Applies one projection batch to one or more generations atomically. Every athlete write
 * is guarded by the version the writer read (optimistic concurrency): if any changed in
 * between (a rebuild or another projector instance wrote it), nothing is written and the
 * conflicting key is returned so the caller re-reads and merges again. Data, watermark
 * and the applied-event markers are written in the same script, so what the freshness
 * monitor and waitFor read back is exactly what is stored.
 *
 * ARGV[1] is a JSON payload built by `writeToGenerations`; keys are fully formed there. Each
 * athlete's state and entry JSON are further ARGV entries, named by index in the payload.
 * (Keys are not declared in KEYS, which is fine on a single Redis node but not on a cluster.)
 */
export const WRITE_BATCH_SCRIPT = `
local p = cjson.decode(ARGV[1])
for _, a in ipairs(p.athletes) do
  local v = tonumber(redis.call('HGET', a.key, 'v') or '0')
  if v ~= a.expectV then return a.key end
end
for _, a in ipairs(p.athletes) do
  redis.call('HSET', a.key, 'state', ARGV[a.stateArg], 'v', a.expectV + 1, 'entry', ARGV[a.entryArg], 'sortKey', a.sortKey, 'w', a.token)
  if a.oldSortKey ~= '' and a.oldSortKey ~= a.sortKey then redis.call('ZREM', a.leaderboard, a.oldSortKey) end
  if a.sortKey ~= '' then redis.call('ZADD', a.leaderboard, 0, a.sortKey) end
  for _, m in ipairs(a.matches) do redis.call('ZADD', a.matchesKey, m[2], m[1]) end
end
for _, d in ipairs(p.divisions) do
  redis.call('HSET', d[1], 'known', '1')
  if d[2] ~= '' then redis.call('HSET', d[1], 'name', d[2]) end
end
for _, w in ipairs(p.watermarks) do
  local cur = tonumber(redis.call('HGET', w[1], 'newestOccurredAt') or '0')
  if w[2] > cur then redis.call('HSET', w[1], 'newestOccurredAt', w[2]) end
  redis.call('HSET', w[1], 'appliedAt', w[3])
end
for _, k in ipairs(p.applied) do redis.call('SET', k, '1', 'EX', p.appliedTtl) end
return 'OK'
`;
