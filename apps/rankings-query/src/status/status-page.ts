import type { Reading, StatusSnapshot } from './status-snapshot';

/**
 * The status page for people (what `/metrics` says, readable at 2 a.m.): one row per
 * projection, the outbox backlog, dead letters and the last reconcile, each marked ok /
 * warn / bad. Pure: snapshot in, HTML out. It reloads itself every 5 seconds.
 */
export function renderStatusPage(s: StatusSnapshot): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta http-equiv="refresh" content="5">
<title>Rankings status</title>
<style>
body{font:15px/1.4 system-ui,sans-serif;margin:2rem;max-width:60rem;color:#222}
table{border-collapse:collapse;width:100%;margin-bottom:1.5rem}th,td{text-align:left;padding:.35rem .6rem;border-bottom:1px solid #ddd}
.ok{color:#176f2c}.warn{color:#9a6700}.bad{color:#b42318;font-weight:600}small{color:#666}
</style></head><body>
<h1>Rankings status</h1>
<p><small>${esc(s.at)} · freshness SLA ${s.slaMs} ms · refreshes every 5 s · <a href="/projections">/projections</a> · <a href="/metrics">/metrics</a></small></p>
<h2>Projections</h2>
${projectionsTable(s)}
<h2>Pipeline</h2>
<table><tbody>
<tr><th>Outbox backlog</th>${backlogCell(s.backlog)}</tr>
<tr><th>Dead letters</th>${deadLettersCell(s.deadLetters)}</tr>
<tr><th>Last reconcile</th>${reconcileCell(s.lastReconcile)}</tr>
</tbody></table>
<p><small>Runbooks: runbooks/README.md in the repository.</small></p>
</body></html>
`;
}

function projectionsTable(s: StatusSnapshot): string {
  if (!s.projections.ok) return `<p class="bad" id="projections">unknown: ${esc(s.projections.error)}</p>`;
  const rows = s.projections.value.map((p) => {
    const lagClass = p.freshnessLagMs > s.slaMs ? 'bad' : p.freshnessLagMs > s.slaMs / 2 ? 'warn' : 'ok';
    const breakerClass = p.breaker === 'closed' ? 'ok' : 'bad';
    return `<tr data-projection="${esc(p.name)}"><td>${esc(p.name)}</td><td class="${p.status === 'live' ? 'ok' : 'bad'}">${esc(p.status)}</td><td class="${lagClass}" data-lag-ms="${p.freshnessLagMs}">${formatMs(p.freshnessLagMs)}</td><td class="${breakerClass}">${esc(p.breaker)}</td><td>${esc(p.lastEventOccurredAt ?? '-')}</td></tr>`;
  });
  return `<table id="projections"><thead><tr><th>projection</th><th>status</th><th>freshness lag</th><th>breaker</th><th>newest stored event</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

function backlogCell(r: StatusSnapshot['backlog']): string {
  if (!r.ok) return unknown(r, 'backlog');
  const { events, oldestAgeSeconds } = r.value;
  const cls = oldestAgeSeconds > 60 ? 'bad' : events > 0 ? 'warn' : 'ok';
  return `<td class="${cls}" id="backlog" data-events="${events}">${events} unpublished events, oldest ${Math.round(oldestAgeSeconds)} s</td>`;
}

function deadLettersCell(r: StatusSnapshot['deadLetters']): string {
  if (!r.ok) return unknown(r, 'dead-letters');
  const { topic, messages } = r.value;
  return `<td class="${messages > 0 ? 'warn' : 'ok'}" id="dead-letters" data-messages="${messages}">${messages} messages on ${esc(topic)}</td>`;
}

function reconcileCell(r: StatusSnapshot['lastReconcile']): string {
  if (!r.ok) return unknown(r, 'last-reconcile');
  if (!r.value) return `<td class="warn" id="last-reconcile" data-drift="">never run (ops reconcile --every 10m)</td>`;
  const { finishedAt, driftTotal, driftByModel, repairedFrom } = r.value;
  const detail = Object.entries(driftByModel).map(([model, n]) => `${esc(model)} ${n}`).join(', ');
  const repaired = repairedFrom !== null ? `, repaired ${repairedFrom} found` : '';
  const text = driftTotal === 0 ? `no drift${repaired}` : `${driftTotal} differences (${detail})${repaired}`;
  return `<td class="${driftTotal === 0 ? 'ok' : 'bad'}" id="last-reconcile" data-drift="${driftTotal}">${text} · ${esc(finishedAt)}</td>`;
}

function unknown(r: Extract<Reading<unknown>, { ok: false }>, id: string): string {
  return `<td class="bad" id="${id}">unknown: ${esc(r.error)}</td>`;
}

function formatMs(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`;
}

function esc(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
