import { Client } from '@elastic/elasticsearch';
import { ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { startEmbeddedElasticsearch } from '../../index';

const MAIN = path.resolve(__dirname, '../../../../../dist/libs/embedded-elasticsearch/src/main.js');

/** Starts `main.js` as a child on port 0 and reads the bound URL from its "ready" log line. */
async function startChild(dataDir: string): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [MAIN], {
    env: { ...process.env, EMBEDDED_ES_PORT: '0', EMBEDDED_ES_DATA_DIR: dataDir, LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines = readline.createInterface({ input: child.stdout as NodeJS.ReadableStream });
  const url = await new Promise<string>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`child exited with ${code}`)));
    lines.on('line', (line) => {
      const entry = JSON.parse(line) as { msg?: string; url?: string };
      if (entry.msg === 'ready' && entry.url) resolve(entry.url);
    });
  });
  return { child, url };
}

function kill9(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}

async function seed(es: Client, index: string, alias: string): Promise<void> {
  await es.indices.create({
    index,
    settings: { number_of_replicas: 0, analysis: { normalizer: { folded: { type: 'custom', filter: ['lowercase', 'asciifolding'] } } } },
    mappings: { properties: { name: { type: 'keyword', normalizer: 'folded' }, points: { type: 'integer' } } },
    aliases: { [alias]: { is_write_index: true } },
  });
  await es.index({ index: alias, id: '1', document: { name: 'Ána', points: 1 } });
  await es.index({ index, id: '1', document: { name: 'Ána', points: 2 } });
  await es.index({ index, id: '2', document: { name: 'Bo', points: 3, extra: 'dynamic' } });
  await es.index({ index, id: '3', document: { name: 'Cy', points: 4 } });
  await es.delete({ index, id: '3' });
  await es.index({ index, id: 'ext', version: 42, version_type: 'external', document: { name: 'Ext', points: 5 } });
}

async function verify(es: Client, index: string, alias: string): Promise<void> {
  const one = await es.get({ index, id: '1' });
  expect(one).toMatchObject({ _version: 2, _seq_no: 1, found: true, _source: { name: 'Ána', points: 2 } });
  await expect(es.get({ index, id: 'ext' })).resolves.toMatchObject({ _version: 42 });
  await expect(es.exists({ index, id: '3' })).resolves.toBe(false);
  await expect(es.indices.getAlias({ name: alias })).resolves.toEqual({ [index]: { aliases: { [alias]: { is_write_index: true } } } });
  const props = (await es.indices.getMapping({ index }))[index].mappings.properties as Record<string, unknown>;
  expect(Object.keys(props).sort()).toEqual(['extra', 'name', 'points']);
  // Searchable straight after start, through the normalizer declared in the persisted settings.
  const hits = await es.search({ index: alias, query: { term: { name: 'ANA' } } });
  expect(hits.hits.hits.map((h) => h._id)).toEqual(['1']);
  // The sequence continues after the restart instead of reusing numbers.
  const next = await es.index({ index, id: '4', document: { name: 'Di', points: 6 } });
  expect(next._seq_no).toBe(6);
}

describe('embedded elasticsearch: persistence (stand-in only)', () => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'embedded-es-'));
  });
  afterEach(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it('keeps documents, versions, seq_no, mappings, settings and aliases across close and start', async () => {
    const first = await startEmbeddedElasticsearch({ port: 0, dataDir });
    const es1 = new Client({ node: first.url });
    await seed(es1, 'people', 'people-live');
    await es1.close();
    await first.close();

    const second = await startEmbeddedElasticsearch({ port: 0, dataDir });
    const es2 = new Client({ node: second.url });
    try {
      await verify(es2, 'people', 'people-live');
      await es2.indices.delete({ index: 'people' });
    } finally {
      await es2.close();
      await second.close();
    }
    const third = await startEmbeddedElasticsearch({ port: 0, dataDir });
    const es3 = new Client({ node: third.url });
    await expect(es3.indices.exists({ index: 'people' })).resolves.toBe(false);
    await es3.close();
    await third.close();
  });

  it('survives kill -9 of the process, including a torn record at the end of the log', async () => {
    const first = await startChild(dataDir);
    const es1 = new Client({ node: first.url });
    await seed(es1, 'people', 'people-live');
    await es1.close();
    await kill9(first.child);

    // A write cut short by the crash: half a record at the tail of the journal.
    fs.appendFileSync(path.join(dataDir, 'indices', 'people', 'ops.log'), Buffer.from([200, 0, 0, 0, 1, 2, 3]));

    const second = await startChild(dataDir);
    const es2 = new Client({ node: second.url });
    try {
      await verify(es2, 'people', 'people-live');
    } finally {
      await es2.close();
      await kill9(second.child);
    }
  });

  it('compacts the log into a snapshot and replays only what came after', async () => {
    const first = await startEmbeddedElasticsearch({ port: 0, dataDir, refreshIntervalMs: 60_000 });
    const es1 = new Client({ node: first.url });
    const ops = Array.from({ length: 12_000 }, (_, i) => [{ index: { _index: 'many', _id: String(i % 3000) } }, { n: i }]).flat();
    await es1.bulk({ operations: ops, refresh: true });
    await es1.index({ index: 'many', id: 'after', document: { n: -1 } });
    await es1.close();
    await first.close();
    expect(fs.existsSync(path.join(dataDir, 'indices', 'many', 'snapshot.json'))).toBe(true);

    const second = await startEmbeddedElasticsearch({ port: 0, dataDir });
    const es2 = new Client({ node: second.url });
    try {
      await expect(es2.count({ index: 'many' })).resolves.toMatchObject({ count: 3001 });
      await expect(es2.get({ index: 'many', id: '0' })).resolves.toMatchObject({ _version: 4, _source: { n: 9000 } });
      await expect(es2.get({ index: 'many', id: 'after' })).resolves.toMatchObject({ _seq_no: 12_000 });
    } finally {
      await es2.close();
      await second.close();
    }
  });
});
