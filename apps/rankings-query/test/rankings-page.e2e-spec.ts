import { chromium, type Browser, type Page } from 'playwright-core';
import { existsSync } from 'node:fs';
import { createTestDatabase, eventually, RunningService, startService, TestDatabase, uniqueName } from '@test/support';

/**
 * The rankings page in a real browser (Debian's chromium, driven by playwright-core; no
 * browser download): a result recorded through the write API shows up without a reload.
 */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const D = 'page-division';

describe('the rankings page', () => {
  let db: TestDatabase;
  let command: RunningService;
  let relay: RunningService;
  let query: RunningService;
  let projector: RunningService;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM}: install Debian's chromium package (or set CHROMIUM_PATH)`);
    db = await createTestDatabase();
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      DATABASE_URL: db.url,
      KAFKA_TOPIC: uniqueName('events'),
      ELASTICSEARCH_ALIAS: uniqueName('rankings'),
      REDIS_KEY_PREFIX: `${uniqueName('page')}:`,
      API_KEYS: 'writer:write',
      LOG_LEVEL: 'warn',
    };
    // The browser starts while the services do.
    [command, relay, query, projector, browser] = await Promise.all([
      startService('match-command', env),
      startService('outbox-relay', env),
      startService('rankings-query', env),
      startService('rankings-projector', env),
      chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] }),
    ]);
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await Promise.all([command, relay, query, projector].filter(Boolean).map((s) => s.stop()));
    await db?.drop();
  });

  const write = async (path: string, body: unknown): Promise<{ id?: string; eventId: string }> => {
    const response = await fetch(`${command.url}${path}`, {
      method: 'POST',
      headers: { authorization: 'Bearer writer', 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect(response.status).toBe(201);
    return (await response.json()) as { id?: string; eventId: string };
  };
  const result = async (red: string, blue: string, winnerId: string | null, day: number) => {
    const match = await write('/matches', { divisionId: D, redAthleteId: red, blueAthleteId: blue });
    return write(`/matches/${match.id}/result`, { winnerId, method: winnerId ? 'DECISION' : 'DRAW', completedAt: `2026-11-${day}T18:00:00.000Z` });
  };
  /** Waits until both projections applied the event (read-your-own-writes). */
  const applied = async (eventId: string) => {
    for (const read of [`/divisions/${D}/stats?`, `/rankings?divisionId=${D}&`]) {
      const response = await fetch(`${query.url}${read}waitFor=${eventId}&waitMs=10000`);
      expect(response.headers.get('x-projection-stale')).toBeNull();
    }
  };
  const tableRows = () =>
    page.$$eval('#leaderboard tbody tr', (rows) => rows.map((r) => [...r.querySelectorAll('th, td')].map((c) => c.textContent?.trim() ?? '')));
  /** Waits until the table shows exactly these rows (cells as text), or fails naming what it shows. */
  const pageShows = async (expected: string[][], what: string) => {
    const wanted = JSON.stringify(expected);
    await eventually(async () => (JSON.stringify(await tableRows()) === wanted ? true : undefined), 20_000, what).catch(async (error: Error) => {
      throw new Error(`${error.message}; the page shows ${JSON.stringify(await tableRows())}`);
    });
  };

  it('shows the leaderboard with metadata and form, then a new result without a reload', async () => {
    await write('/divisions', { id: D, name: 'Page Division' });
    await write('/athletes', { id: 'ana', name: 'Ana Silva', divisionId: D, weightClass: 'lightweight', country: 'BR' });
    await write('/athletes', { id: 'bea', name: 'Beatriz Müller', divisionId: D, weightClass: 'welterweight', country: 'DE' });
    await write('/athletes', { id: 'cris', name: 'Cristina Rossi', divisionId: D, weightClass: 'lightweight', country: 'IT' });
    await applied((await result('ana', 'bea', 'ana', 10)).eventId);

    page = await browser.newPage();
    await page.goto(`${query.url}/?division=${D}`);
    // ana 3 (1-0-0, W); cris 0 (no match) before bea 0 (0-1-0, L) on losses.
    await pageShows(
      [
        ['1', 'Ana Silva', 'BR', 'lightweight', '3', '1-0-0', 'W'],
        ['2', 'Cristina Rossi', 'IT', 'lightweight', '0', '0-0-0', ''],
        ['3', 'Beatriz Müller', 'DE', 'welterweight', '0', '0-1-0', 'L'],
      ],
      'the first leaderboard on the page',
    );
    const versionBefore = Number(await page.getAttribute('#leaderboard', 'data-version'));
    await page.evaluate('window.loadedOnce = true');

    // bea beats ana, then cris and bea draw: bea 4 (1-1-1), ana 3 (1-1-0), cris 1 (0-0-1).
    await result('bea', 'ana', 'bea', 11);
    await result('cris', 'bea', null, 12);
    await pageShows(
      [
        ['1', 'Beatriz Müller', 'DE', 'welterweight', '4', '1-1-1', 'DWL'],
        ['2', 'Ana Silva', 'BR', 'lightweight', '3', '1-1-0', 'LW'],
        ['3', 'Cristina Rossi', 'IT', 'lightweight', '1', '0-0-1', 'D'],
      ],
      'the page to show the new results',
    );
    expect(await page.evaluate('window.loadedOnce')).toBe(true); // same document: no reload
    expect(Number(await page.getAttribute('#leaderboard', 'data-version'))).toBeGreaterThan(versionBefore);
    expect(await page.textContent('#live-status')).toMatch(/^Live/);
    expect(await page.textContent('#division-stats')).toBe('3 athletes · 3 matches completed');
    if (process.env.RANKINGS_PAGE_SCREENSHOT) await page.screenshot({ path: process.env.RANKINGS_PAGE_SCREENSHOT, fullPage: true });
  }, 60_000);

  it('finds athletes by name through the search box', async () => {
    await page.fill('#q', 'müll');
    await page.click('#search-form button');
    await page.waitForFunction("document.querySelectorAll('#search-results li').length > 0");
    // Beatriz leads the division (4 points, worked out above): the search shows her division rank, not her position in the hits.
    expect(await page.$$eval('#search-results li', (items) => items.map((i) => i.textContent))).toEqual([
      expect.stringMatching(/^#1 Beatriz Müller \(DE, welterweight\) — 4 pts, 1-1-1$/),
    ]);
    expect(await page.textContent('#search-status')).toBe('1 athlete matching “müll”');
  });

  it('serves the OpenAPI UI and document of the read API', async () => {
    const ui = await fetch(`${query.url}/docs`);
    expect(ui.status).toBe(200);
    expect(await ui.text()).toMatch(/swagger-ui/i);
    const spec = (await (await fetch(`${query.url}/docs-json`)).json()) as { paths: Record<string, unknown> };
    expect(Object.keys(spec.paths)).toEqual(expect.arrayContaining(['/rankings', '/divisions/{id}/leaderboard/stream']));
  });

  it('shows the projections’ freshness and labels every control', async () => {
    await eventually(async () => ((await page.textContent('#freshness'))?.match(/elasticsearch: live.*redis: live/) ? true : undefined), 15_000, 'the freshness line');
    const unlabelled = await page.evaluate(
      "[...document.querySelectorAll('input')].filter((i) => !document.querySelector(`label[for='${i.id}']`)).map((i) => i.outerHTML)",
    );
    expect(unlabelled).toEqual([]);
    expect(await page.$$eval('#leaderboard thead th', (ths) => ths.every((th) => th.getAttribute('scope') === 'col'))).toBe(true);
  });
});
