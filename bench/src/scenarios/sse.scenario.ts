import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { leaderboardChangedChannel, parseLeaderboardChanged } from '@app/cache';
import { request } from '../harness/http-client';
import { entryPoints } from '../harness/paths';
import { freePort } from '@app/ports';
import { ServiceProcess } from '../harness/service-process';
import { SseClient } from '../harness/sse-client';
import { LatencySummary, summarizeLatencies } from '../report/percentiles';
import type { ScenarioOutcome } from '../report/scenario-result';
import { evaluateTarget } from '../report/targets';
import { divisionId, matchId, resultBody, Roster } from '../seed/roster';
import { authHeaders, seedMatchesInSql, seedRosterOverHttp } from '../seed/seeding';
import { waitForProjections } from '../seed/wait-for-projections';
import type { Scenario, ScenarioContext } from './scenario';

const POOL = 'f0000000';
const SUBSCRIBERS = 1000;
const CHANGES = 30;
const GAP_MS = 300;
const roster: Roster = { divisions: 1, athletesPerDivision: 20 };

interface Side {
  label: string;
  clients: SseClient[];
}

interface SideResult {
  side: Side;
  latency: LatencySummary | null;
  versions: number;
  missed: number;
}

export const sseScenario: Scenario = {
  name: 'sse',
  title: 'Live leaderboard: 1,000 SSE subscribers of one division, change announced → update received',
  relevantOptions: [],

  async run(context: ScenarioContext): Promise<ScenarioOutcome> {
    const { stack, log, cleanup } = context;
    await stack.createDatabase();
    await stack.startKafka();
    await stack.startElasticsearch();
    await stack.startCommand();
    await stack.startRelay();
    await stack.startQuery();
    const lastEvents = await seedRosterOverHttp(stack.url('command'), roster);
    await seedMatchesInSql(stack.pool(), roster, POOL, 0, 2 * CHANGES); // one batch per side
    await waitForProjections(stack.url('query'), divisionId(0), lastEvents[0], 120_000);

    // The moment each version is announced, seen by a listener of our own on the same channel.
    const announced = new Map<number, number>();
    const listener = stack.redis().duplicate();
    cleanup.add('close the channel listener', () => listener.disconnect());
    listener.on('message', (_c: string, message: string) => {
      const change = parseLeaderboardChanged(message);
      if (change) announced.set(change.version, performance.now());
    });
    await listener.subscribe(leaderboardChangedChannel(stack.redisPrefix));

    const baselineUrl = await startBaseline(context);
    const targets: Array<[string, string]> = [
      ['rankings-query /divisions/:id/leaderboard/stream?top=10', `${stack.url('query')}/divisions/${divisionId(0)}/leaderboard/stream?top=10`],
      ['baseline: node:http forwarding each Redis message', baselineUrl],
    ];
    // One side at a time: both sides' clients live in this process and would slow each other down.
    const rows: SideResult[] = [];
    let next = 0;
    for (const [label, url] of targets) {
      log(`  ${label}: ${SUBSCRIBERS} subscribers, ${CHANGES} results recorded through the write API ${GAP_MS} ms apart...`);
      const side: Side = { label, clients: await connect(url) };
      cleanup.add(`close the ${label} streams`, () => side.clients.forEach((c) => c.close()));
      await Promise.all(side.clients.map((c) => c.next(() => true, 30_000)));
      const firstVersion = Math.max(0, ...announced.keys()) + 1;
      for (const end = next + CHANGES; next < end; next++) {
        await request('POST', `${stack.url('command')}/matches/${matchId(POOL, next)}/result`, {
          body: JSON.parse(resultBody(roster, next)) as unknown,
          headers: authHeaders,
        });
        await sleep(GAP_MS);
      }
      const lastVersion = Math.max(...announced.keys());
      await Promise.all(side.clients.map((c) => c.next((e) => Number(e.id) >= lastVersion, 30_000).catch(() => null)));
      rows.push({ side, ...delays(side, announced, firstVersion, lastVersion) });
      side.clients.forEach((c) => c.close());
    }
    return summarize(rows);
  },
};

async function connect(url: string): Promise<SseClient[]> {
  const clients: SseClient[] = [];
  for (let i = 0; i < SUBSCRIBERS; i += 100) clients.push(...(await Promise.all(Array.from({ length: 100 }, () => SseClient.connect(url)))));
  return clients;
}

/** Per version and client: announcement → the first event carrying that version or a newer one. */
function delays(side: Side, announced: Map<number, number>, first: number, last: number): Omit<SideResult, 'side'> {
  const samples: number[] = [];
  let missed = 0;
  let versions = 0;
  for (let version = first; version <= last; version++) {
    const at = announced.get(version);
    if (at === undefined) continue;
    versions++;
    for (const client of side.clients) {
      const event = client.events.find((e) => Number(e.id) >= version);
      if (event) samples.push(event.receivedAt - at);
      else missed++;
    }
  }
  return { latency: summarizeLatencies(samples), versions, missed };
}

async function startBaseline(context: ScenarioContext): Promise<string> {
  const { stack, cleanup, log } = context;
  const port = await freePort();
  await ServiceProcess.start(
    {
      name: 'sse-fanout-baseline',
      entry: entryPoints.sseFanoutServer,
      env: { ...stack.environment(), BENCH_BASELINE_PORT: String(port), BENCH_BASELINE_CHANNEL: leaderboardChangedChannel(stack.redisPrefix) },
      ready: { port },
    },
    { cleanup, logDir: stack.workDir, log },
  );
  return `http://127.0.0.1:${port}`;
}

function summarize(rows: SideResult[]): ScenarioOutcome {
  const [service, baseline] = rows;
  const target = evaluateTarget(
    { id: 'sse.p99', source: 'issue 15', metric: `update received p99 with ${SUBSCRIBERS} subscribers`, comparator: '<', threshold: 100, unit: 'ms' },
    service.latency?.p99 ?? null,
    baseline.latency ? { label: 'bare node:http fan-out p99', value: baseline.latency.p99 } : null,
  );
  return {
    tables: [
      {
        title: 'Change announced (Redis message) → update received, per subscriber and version',
        columns: ['stream', 'subscribers', 'versions', 'samples', 'p50 ms', 'p99 ms', 'max ms', 'p99 ÷ baseline', 'missed'],
        rows: rows.map(({ side, latency, versions, missed }) => [
          side.label,
          side.clients.length,
          versions,
          latency?.count ?? 0,
          latency?.p50 ?? null,
          latency?.p99 ?? null,
          latency?.max ?? null,
          latency && baseline.latency ? latency.p99 / baseline.latency.p99 : null,
          missed,
        ]),
      },
    ],
    targets: [service.missed > 0 && target.met !== null ? { ...target, met: false } : target],
    notes: [
      `${CHANGES} results recorded through the write API ${GAP_MS} ms apart (the whole pipe: outbox, relay, Kafka, Redis projection); latency is measured from the moment the projection's change announcement reaches a listener in the harness to the moment each subscriber has an event of that version or newer.`,
      'The baseline is a bare node:http process subscribed to the same channel that writes each message to its streams without reading anything: the floor for fanning one message out to this many sockets on this machine. The sides run one after the other with the same number of clients in the harness process, so its own parsing is in both figures.',
      'missed: (version, subscriber) pairs never delivered before the 30 s deadline.',
    ],
    profiles: [],
  };
}
