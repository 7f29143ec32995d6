import { renderScenarioSection, upsertSection } from './markdown';
import type { ScenarioResult } from './scenario-result';

function result(overrides: Partial<ScenarioResult> = {}): ScenarioResult {
  return {
    scenario: 'write',
    title: 'Write path',
    status: 'ok',
    error: null,
    run: {
      startedAt: '2026-01-02T03:04:05.000Z',
      commit: 'abc1234',
      dirty: false,
      command: 'npm run bench -- write',
      durationSeconds: 61.2,
      loadAverage: { start: 0.5, end: 1.75 },
    },
    machine: {
      cpus: 2,
      cpuModel: 'Test CPU',
      memoryGiB: 23.4,
      node: 'v20.20.2',
      postgres: 'PostgreSQL 15.20',
      platform: 'linux x64',
    },
    options: {},
    tables: [{ title: 'HTTP vs pgbench', columns: ['clients', 'results/s'], rows: [[64, 4200.7]] }],
    targets: [
      {
        id: 'write.ratio.c64',
        source: 'issue 2',
        metric: 'results/s ÷ pgbench tps at 64 clients',
        comparator: '>=',
        threshold: 0.5,
        unit: '×',
        measured: 0.42,
        met: false,
        baseline: null,
        ratio: null,
      },
    ],
    notes: ['pgbench ran the same two inserts.'],
    profiles: [],
    ...overrides,
  };
}

describe('renderScenarioSection', () => {
  it('shows the run line, each target with its verdict, and the tables', () => {
    const md = renderScenarioSection(result());
    expect(md).toContain('commit `abc1234`');
    expect(md).toContain('2 CPUs (Test CPU), 23.4 GiB RAM, Node v20.20.2, PostgreSQL 15.20');
    expect(md).toContain('load average 0.50 at start, 1.75 at end');
    expect(md).toContain('| results/s ÷ pgbench tps at 64 clients >= 0.5 × | issue 2 | 0.42 × | NOT MET | — | — |');
    expect(md).toContain('| 64 | 4,201 |');
    expect(md).toContain('- pgbench ran the same two inserts.');
  });

  it('shows the reason and no figures when a scenario could not run', () => {
    const md = renderScenarioSection(result({ status: 'unavailable', error: 'rankings-query is not built' }));
    expect(md).toContain('**Did not complete (unavailable):** rankings-query is not built');
    expect(md).not.toContain('4,201');
    expect(md).not.toContain('NOT MET');
  });

  it('flags numbers measured on a working tree with uncommitted changes', () => {
    const md = renderScenarioSection(result({ run: { ...result().run, dirty: true } }));
    expect(md).toContain('uncommitted changes');
  });
});

describe('upsertSection', () => {
  it('appends a new section with markers the first time', () => {
    const doc = upsertSection('# Benchmarks\n', 'write', 'write — Write path', 'figures v1');
    expect(doc).toBe(
      '# Benchmarks\n\n## write — Write path\n\n<!-- bench:write:begin -->\nfigures v1\n<!-- bench:write:end -->\n',
    );
  });

  it('replaces only its own block and keeps hand-written text and other scenarios', () => {
    let doc = upsertSection('# Benchmarks\n', 'write', 'write', 'w1');
    doc = upsertSection(doc, 'read', 'read', 'r1');
    doc = doc.replace('<!-- bench:write:end -->\n', '<!-- bench:write:end -->\n\n### Analysis\nhand-written\n');
    const updated = upsertSection(doc, 'write', 'write', 'w2');
    expect(updated).toContain('w2');
    expect(updated).not.toContain('w1');
    expect(updated).toContain('hand-written');
    expect(updated).toContain('r1');
    expect(updated.indexOf('w2')).toBeLessThan(updated.indexOf('r1'));
  });
});
