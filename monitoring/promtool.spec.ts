import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { promisify } from 'node:util';

/** The alert rules' unit tests (prometheus/alerts.test.yml), run by Prometheus' own tool. */
const PROMTOOL = process.env.PROMTOOL ?? '/usr/bin/promtool';
const run = promisify(execFile);

describe('promtool', () => {
  if (!existsSync(PROMTOOL)) {
    // .ci/run installs Debian's prometheus package; only a local machine without it gets here.
    it('is installed where it must be (CI installs Debian prometheus; only a local run may lack it)', () => {
      console.warn(`promtool not found at ${PROMTOOL}: the alert rule unit tests did NOT run (apt-get install prometheus)`);
      expect(process.env.CI ?? '').toBe('');
    });
    return;
  }

  it('accepts the rules and the example configuration', async () => {
    const { stdout } = await run(PROMTOOL, ['check', 'config', 'prometheus/prometheus.yml'], { cwd: __dirname });
    expect(stdout).toMatch(/SUCCESS: \d+ rules found/);
  });

  it('passes the alert rules unit tests', async () => {
    const result = await run(PROMTOOL, ['test', 'rules', 'prometheus/alerts.test.yml'], { cwd: __dirname }).catch((error: { stdout: string; stderr: string }) => error);
    expect(`${result.stdout}${result.stderr}`).toContain('SUCCESS');
  });
});
