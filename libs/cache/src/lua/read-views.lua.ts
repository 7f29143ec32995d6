/**
 * Read scripts: each answers one request in one round trip from one division's slot,
 * gluing bodies the projector stored in the response's shape (`{"rank":N,` + stored
 * bytes). Nothing is parsed or serialised per entry, here or in Node.
 */

/** KEYS: order, lbitems, views. ARGV: divisionId JSON, top. → {version, body} | nil (unknown division) */
export const LEADERBOARD_LUA = `
local v = redis.call('HMGET', KEYS[3], 'known', 'lbVersion')
if not v[1] then return false end
local ids = redis.call('ZRANGE', KEYS[1], 0, tonumber(ARGV[2]) - 1)
local items = {}
if #ids > 0 then
  local tails = redis.call('HMGET', KEYS[2], unpack(ids))
  for i = 1, #ids do items[i] = '{"rank":' .. i .. ',' .. tails[i] end
end
return { v[2] or '0', '{"divisionId":' .. ARGV[1] .. ',"items":[' .. table.concat(items, ',') .. ']}' }
`;

/**
 * `pageSlice(order, entries, start, size)`: the division order from `start` as page bytes,
 * → {items joined, total, last athleteId, last score, start, count}. Shared by the read
 * script and the projector, which keeps the default first page ready (`firstPage`).
 */
export const PAGE_SLICE_LUA = `
local function pageSlice(order, entries, start, size)
  local rows = redis.call('ZRANGE', order, start, start + size - 1, 'WITHSCORES')
  local ids, items = {}, {}
  for i = 1, #rows, 2 do ids[#ids + 1] = rows[i] end
  if #ids > 0 then
    local tails = redis.call('HMGET', entries, unpack(ids))
    for i = 1, #ids do items[i] = '{"rank":' .. (start + i) .. ',' .. tails[i] end
  end
  return { table.concat(items, ','), redis.call('ZCARD', order), rows[#rows - 1] or '', rows[#rows] or '', start, #ids }
end
`;

/**
 * KEYS: order, entries. ARGV: start, size, afterId, afterScore.
 * With afterId, the page starts after that athlete if it still has afterScore (the
 * cursor's place); otherwise nil: the cursor's athlete moved, the caller asks Elasticsearch.
 * → pageSlice's reply
 */
export const PAGE_LUA = `${PAGE_SLICE_LUA}
local start = tonumber(ARGV[1])
if ARGV[3] ~= '' then
  local score = redis.call('ZSCORE', KEYS[1], ARGV[3])
  if not score or tonumber(score) ~= tonumber(ARGV[4]) then return false end
  start = redis.call('ZRANK', KEYS[1], ARGV[3]) + 1
end
return pageSlice(KEYS[1], KEYS[2], start, tonumber(ARGV[2]))
`;

/** KEYS: order. ARGV: athleteIds. → each one's 1-based rank, 0 when not ranked (a Lua array cannot hold nil). */
export const RANKS_LUA = `
local out = {}
for i, id in ipairs(ARGV) do
  local rank = redis.call('ZRANK', KEYS[1], id)
  out[i] = rank and (rank + 1) or 0
end
return out
`;

/**
 * KEYS: order, entries. ARGV: athleteIds (a page another store ordered).
 * → the entries with their division ranks, joined by commas | nil when one is not ranked here yet
 */
export const ENTRIES_LUA = `
local items = {}
local tails = redis.call('HMGET', KEYS[2], unpack(ARGV))
for i, id in ipairs(ARGV) do
  local rank = redis.call('ZRANK', KEYS[1], id)
  if not rank or not tails[i] then return false end
  items[i] = '{"rank":' .. (rank + 1) .. ',' .. tails[i]
end
return table.concat(items, ',')
`;

/** KEYS: order, entries. ARGV: athleteId. → the entry with its rank | nil */
export const ATHLETE_LUA = `
local tail = redis.call('HGET', KEYS[2], ARGV[1])
if not tail then return false end
local rank = redis.call('ZRANK', KEYS[1], ARGV[1])
if not rank then return false end
return '{"rank":' .. (rank + 1) .. ',' .. tail
`;
