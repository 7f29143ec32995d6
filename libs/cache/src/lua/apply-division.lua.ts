import { POINTS } from '@app/rankings';
import { FORM_CAPACITY, LEADERBOARD_DEFAULT, LEADERBOARD_MAX, orderScoreLua, RANKINGS_PAGE_DEFAULT } from '../views/score';
import { PAGE_SLICE_LUA } from './read-views.lua';

/**
 * Applies one batch of one division to one generation, atomically, without a read by the
 * caller first: the script reads the few facts it needs itself. Work per event is
 * independent of the athletes' history:
 * - a match result is a fact keyed by match id, kept only if its revision is newer (so
 *   duplicates, replays and a correction that arrives before the original change nothing);
 * - each of the two athletes moves its running counters by the difference between the old
 *   and the new fact, and places the match in a bounded recent-form list;
 * - its entry and leaderboard item are rewritten as response bytes, its score in the order
 *   set updated; the default leaderboard body, the default first `/rankings` page and the
 *   stats body are rebuilt when touched.
 * The waitFor markers of the batch are written and published by the same script, so a
 * marker never exists without its data. Every key is declared (KEYS) and shares the
 * division's hash tag.
 *
 * Recent form stays exact with a bounded list: it holds the athlete's newest n matches
 * (n ≤ FORM_CAPACITY), or all of them. A match outside the list that is not newer than its
 * oldest member cannot be among the newest n, so it is left out; a correction that moves a
 * listed match further back than the oldest member drops it, leaving n-1 exact. Only when
 * fewer than five remain while the athlete has more matches is the list refilled from the
 * division's facts (rare: it takes several such corrections in a row). Each listed match
 * carries its outcome and time, so the entry's form is written without reading facts.
 *
 * KEYS: facts, completed, athletes, entries, order, views, lbitems, applied
 * ARGV[1]: JSON {d, name?, live, now, matches: [[id, rev, ms, iso, low, high, winner]],
 *   profiles: [[athleteId, rev, name, weightClass, country]], markers: [eventId],
 *   markerTtlMs, projection, appliedChannel, leaderboardChannel}
 */
export const APPLY_DIVISION_LUA = `${PAGE_SLICE_LUA}
local p = cjson.decode(ARGV[1])
local FACTS, COMPLETED, ATHLETES, ENTRIES, ORDER, VIEWS, LBITEMS, APPLIED = KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5], KEYS[6], KEYS[7], KEYS[8]
local FORM, FORM_CAP, LB_MAX, LB_DEFAULT, PAGE = 5, ${FORM_CAPACITY}, ${LEADERBOARD_MAX}, ${LEADERBOARD_DEFAULT}, ${RANKINGS_PAGE_DEFAULT}
local d = p.d
local enc = cjson.encode

local function parseFact(raw)
  local rev, ms, iso, low, high, winner = string.match(raw, '^([^|]*)|([^|]*)|([^|]*)|([^|]*)|([^|]*)|(.*)$')
  return { rev = tonumber(rev), ms = tonumber(ms), iso = iso, low = low, high = high, winner = winner }
end
local function outcome(fact, id)
  if fact.winner == '' then return 'd' elseif fact.winner == id then return 'w' else return 'l' end
end
-- newest first: completedAt desc, then match id desc (libs/rankings newestFirst)
local function newer(a, b)
  return a[1] > b[1] or (a[1] == b[1] and a[2] > b[2])
end

local states, dirty = {}, {}
local function load(id)
  local s = states[id]
  if s then return s end
  local raw = redis.call('HGET', ATHLETES, id)
  if raw then s = cjson.decode(raw) else s = { w = 0, d = 0, l = 0, f = {} } end
  if type(s.f) ~= 'table' then s.f = {} end
  states[id] = s
  return s
end
local function touch(id)
  if not states[id].dirty then states[id].dirty = true; dirty[#dirty + 1] = id end
end

-- A form item: { completedAt ms, match id, outcome letter, completedAt ISO } (items stored
-- before the last two were kept hold only the first two; formOf reads their fact instead).
local function placeInForm(s, matchId, ms, others, letter, iso)
  local f = s.f
  for i = #f, 1, -1 do if f[i][2] == matchId then table.remove(f, i) end end
  local item = { ms, matchId, letter, iso }
  local at = #f + 1
  for i = 1, #f do if newer(item, f[i]) then at = i; break end end
  -- complete: the list holds every other match, so this one belongs wherever it falls
  if #f == others or at <= #f then table.insert(f, at, item) end
  while #f > FORM_CAP do table.remove(f) end
end

local function refillForm(s, id)
  local all = {}
  local flat = redis.call('HGETALL', FACTS)
  for i = 1, #flat, 2 do
    local fact = parseFact(flat[i + 1])
    if fact.low == id or fact.high == id then all[#all + 1] = { fact.ms, flat[i], outcome(fact, id), fact.iso } end
  end
  table.sort(all, newer)
  s.f = {}
  for i = 1, math.min(FORM_CAP, #all) do s.f[i] = all[i] end
end

local function applyFact(id, old, new, matchId)
  local s = load(id)
  touch(id)
  local existed = old ~= nil and (old.low == id or old.high == id)
  if existed then local o = outcome(old, id); s[o] = s[o] - 1 end
  local others = s.w + s.d + s.l
  if new then
    local o = outcome(new, id)
    s[o] = s[o] + 1
    placeInForm(s, matchId, new.ms, others, o, new.iso)
  else
    for i = #s.f, 1, -1 do if s.f[i][2] == matchId then table.remove(s.f, i) end end
  end
end

local matchesChanged = false
for _, m in ipairs(p.matches) do
  local id = m[1]
  local encoded = m[2] .. '|' .. m[3] .. '|' .. m[4] .. '|' .. m[5] .. '|' .. m[6] .. '|' .. m[7]
  local oldRaw = redis.call('HGET', FACTS, id)
  local old = oldRaw and parseFact(oldRaw) or nil
  local rev = tonumber(m[2])
  if not old or rev > old.rev or (rev == old.rev and encoded > oldRaw) then
    local new = parseFact(encoded)
    redis.call('HSET', FACTS, id, encoded)
    redis.call('ZADD', COMPLETED, new.ms, id)
    matchesChanged = true
    applyFact(new.low, old, new, id)
    applyFact(new.high, old, new, id)
    if old and old.low ~= new.low and old.low ~= new.high then applyFact(old.low, old, nil, id) end
    if old and old.high ~= new.low and old.high ~= new.high then applyFact(old.high, old, nil, id) end
  end
end

for _, pr in ipairs(p.profiles) do
  local id, rev = pr[1], tonumber(pr[2])
  local s = load(id)
  local cur = s.p
  local candidate = { rev, pr[3], pr[4], pr[5] }
  if not cur or rev > cur[1] or (rev == cur[1] and enc(candidate) > enc(cur)) then
    s.p = candidate
    touch(id)
  end
end

local function formOf(s, id)
  local out, last = {}, nil
  for i = 1, math.min(FORM, #s.f) do
    local item = s.f[i]
    local letter, iso = item[3], item[4]
    if not letter then
      local fact = parseFact(redis.call('HGET', FACTS, item[2]))
      letter, iso = outcome(fact, id), fact.iso
    end
    out[i] = '"' .. string.upper(letter) .. '"'
    if i == 1 then last = iso end
  end
  return '[' .. table.concat(out, ',') .. ']', last
end

local leaderboardChanged, topChanged, pageChanged, registered = false, false, false, false
for _, id in ipairs(dirty) do
  local s = states[id]
  s.dirty = nil
  local count = s.w + s.d + s.l
  if #s.f < math.min(FORM, count) then refillForm(s, id) end
  redis.call('HSET', ATHLETES, id, enc(s))
  if s.p then
    local points = ${POINTS.W} * s.w + ${POINTS.D} * s.d + ${POINTS.L} * s.l
    local score = ${orderScoreLua({ points: 'points', wins: 's.w', losses: 's.l' })}
    local oldRank = redis.call('ZRANK', ORDER, id)
    if not oldRank then registered = true end
    redis.call('ZADD', ORDER, score, id)
    local newRank = redis.call('ZRANK', ORDER, id)
    local form, last = formOf(s, id)
    local head = '"athleteId":' .. enc(id) .. ',"name":' .. enc(s.p[2])
    redis.call('HSET', ENTRIES, id, head .. ',"country":' .. enc(s.p[4]) .. ',"divisionId":' .. enc(d)
      .. ',"weightClass":' .. enc(s.p[3]) .. ',"points":' .. points .. ',"wins":' .. s.w .. ',"losses":' .. s.l
      .. ',"draws":' .. s.d .. ',"matches":' .. count .. ',"recentForm":' .. form
      .. ',"lastMatchAt":' .. (last and ('"' .. last .. '"') or 'null') .. '}')
    redis.call('HSET', LBITEMS, id, head .. ',"points":' .. points .. '}')
    if newRank < LB_MAX or (oldRank and oldRank < LB_MAX) then leaderboardChanged = true end
    if newRank < LB_DEFAULT or (oldRank and oldRank < LB_DEFAULT) then topChanged = true end
    if newRank < PAGE or (oldRank and oldRank < PAGE) then pageChanged = true end
  end
end

local function leaderboardBody(n)
  local ids = redis.call('ZRANGE', ORDER, 0, n - 1)
  local items = {}
  if #ids > 0 then
    local tails = redis.call('HMGET', LBITEMS, unpack(ids))
    for i = 1, #ids do items[i] = '{"rank":' .. i .. ',' .. tails[i] end
  end
  return '{"divisionId":' .. enc(d) .. ',"items":[' .. table.concat(items, ',') .. ']}'
end

local fresh = redis.call('HSETNX', VIEWS, 'known', '1') == 1
if p.name then redis.call('HSET', VIEWS, 'name', p.name) end
if fresh or topChanged then redis.call('HSET', VIEWS, 'top10', leaderboardBody(LB_DEFAULT)) end
-- The first page shows the total, which only a registration changes (nothing leaves the order).
if fresh or pageChanged or registered then
  local first = pageSlice(ORDER, ENTRIES, 0, PAGE)
  redis.call('HSET', VIEWS, 'firstPage', first[1], 'firstPageMeta', first[2] .. '|' .. first[6] .. '|' .. first[4] .. '|' .. first[3])
end
local version = nil
if fresh or leaderboardChanged then version = redis.call('HINCRBY', VIEWS, 'lbVersion', 1) end
if fresh or registered or matchesChanged then
  local last = redis.call('ZRANGE', COMPLETED, -1, -1)
  local lastAt = 'null'
  if last[1] then lastAt = '"' .. parseFact(redis.call('HGET', FACTS, last[1])).iso .. '"' end
  redis.call('HSET', VIEWS, 'stats', '{"divisionId":' .. enc(d) .. ',"athletes":' .. redis.call('ZCARD', ORDER)
    .. ',"matchesCompleted":' .. redis.call('HLEN', FACTS) .. ',"lastMatchAt":' .. lastAt .. '}')
end

if #p.markers > 0 then
  for i = 1, #p.markers, 500 do
    local args = {}
    for j = i, math.min(i + 499, #p.markers) do args[#args + 1] = p.now; args[#args + 1] = p.markers[j] end
    redis.call('ZADD', APPLIED, unpack(args))
  end
  redis.call('ZREMRANGEBYSCORE', APPLIED, '-inf', '(' .. (p.now - p.markerTtlMs))
  redis.call('PUBLISH', p.appliedChannel, enc({ projection = p.projection, divisionId = d, eventIds = p.markers }))
end
if p.live and version then
  redis.call('PUBLISH', p.leaderboardChannel, enc({ divisionId = d, version = version }))
end
return #dirty
`;
