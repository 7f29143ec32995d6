import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { DEFAULT_PROMETHEUS_CONFIG, defaultAddresses, renderPrometheusConfig } from './scrape-targets';
import { datadogMetricNames, exportedMetrics, promqlMetricNames, RuleFile } from './metric-names';

/**
 * Alerts and runbooks point at each other, and neither names a metric nobody exports:
 * a rule on a misspelt metric never fires, which is the "nothing alarmed" incident again.
 */
const ROOT = path.resolve(__dirname, '..');
const rules = (parse(readFileSync(`${__dirname}/prometheus/alerts.yml`, 'utf8')) as RuleFile).groups.flatMap((g) => g.rules);
const monitors = JSON.parse(readFileSync(`${__dirname}/datadog/monitors.json`, 'utf8')) as Array<{ name: string; query: string; message: string; tags: string[] }>;
const runbookFiles = readdirSync(`${ROOT}/runbooks`).filter((f) => f.endsWith('.md') && f !== 'README.md');
const runbook = (file: string) => readFileSync(`${ROOT}/runbooks/${file}`, 'utf8');
/** Runbooks for jobs nobody is paged for (a planned rebuild). */
const NOT_ALERT_DRIVEN = ['reindex-and-rollback.md'];
/** The line each alert-driven runbook opens with: `Alerts: `Name`, `Name``. */
const alertsNamedBy = (text: string) => [...(/^Alerts?: (.+)$/m.exec(text)?.[1] ?? '').matchAll(/`([A-Za-z]+)`/g)].map((m) => m[1]);
const exported = exportedMetrics(ROOT);

describe('alert rules and runbooks', () => {
  it('gives every alert a runbook that exists and names the alert', () => {
    expect(rules.length).toBeGreaterThanOrEqual(10);
    for (const rule of rules) {
      const link = rule.annotations?.runbook ?? '';
      expect({ alert: rule.alert, link }).toEqual({ alert: rule.alert, link: expect.stringMatching(/^runbooks\/[a-z-]+\.md$/) });
      expect({ alert: rule.alert, namedBy: alertsNamedBy(runbook(path.basename(link))) }).toEqual({
        alert: rule.alert,
        namedBy: expect.arrayContaining([rule.alert]),
      });
    }
  });

  it('names in every alert-driven runbook only alerts that link back to it', () => {
    for (const file of runbookFiles.filter((f) => !NOT_ALERT_DRIVEN.includes(f))) {
      const named = alertsNamedBy(runbook(file));
      expect({ file, some: named.length > 0 }).toEqual({ file, some: true });
      for (const alert of named) {
        expect({ file, alert, links: rules.find((r) => r.alert === alert)?.annotations?.runbook }).toEqual({ file, alert, links: `runbooks/${file}` });
      }
    }
  });

  it('has a Datadog monitor for every alert, linking the same runbook', () => {
    for (const rule of rules) {
      const monitor = monitors.find((m) => m.tags.includes(`alert:${rule.alert}`));
      expect({ alert: rule.alert, message: monitor?.message }).toEqual({ alert: rule.alert, message: expect.stringContaining(`Runbook: ${rule.annotations!.runbook}`) });
    }
    expect(monitors).toHaveLength(rules.length);
  });

  it('uses only metrics the code exports, in the rules, the monitors and the runbooks', () => {
    const inRules = rules.flatMap((r) => promqlMetricNames(r.expr));
    expect(inRules).toEqual(expect.arrayContaining(['projection_freshness_lag_seconds', 'outbox_oldest_unpublished_age_seconds', 'reconcile_drift_entries']));
    const inRunbooks = [...runbookFiles, 'README.md'].flatMap((f) => [...runbook(f).matchAll(/`((?:projection|outbox|reconcile|http_request)_[a-z_]+|rankings\.[a-z_.]+)/g)].map((m) => m[1]));
    const inMonitors = monitors.flatMap((m) => datadogMetricNames(m.query));
    const unknown = [...new Set([...inRules, ...inRunbooks, ...inMonitors])].filter((name) => !exported.has(name));
    expect(unknown).toEqual([]);
  });

  it('notices a metric nobody exports', () => {
    expect(promqlMetricNames('max by (projection) (projection_freshness_lag_secs{a="b"}[5m]) > 60 unless on (x) up == 0')).toEqual(['projection_freshness_lag_secs', 'up']);
    expect(exported.has('projection_freshness_lag_secs')).toBe(false);
    expect(datadogMetricNames('min(last_2m):max:rankings.outbox_relay_leader{*} < 1')).toEqual(['outbox_relay_leader']);
  });
});

describe('scrape targets', () => {
  it('keeps the checked-in prometheus.yml equal to the list in scrape-targets.ts', () => {
    const file = readFileSync(`${__dirname}/prometheus/prometheus.yml`, 'utf8');
    expect(file).toBe(renderPrometheusConfig({ addresses: defaultAddresses(), ...DEFAULT_PROMETHEUS_CONFIG }));
  });
});
