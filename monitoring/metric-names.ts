import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

export interface RuleFile {
  groups: Array<{ name: string; rules: Array<{ alert: string; expr: string; for?: string; annotations?: Record<string, string> }> }>;
}

/** Words of PromQL that are not metric names. */
const KEYWORDS = new Set(['and', 'or', 'unless', 'by', 'without', 'on', 'ignoring', 'group_left', 'group_right', 'bool', 'offset']);
/** Series Prometheus makes up itself for every target. */
const SYNTHETIC = new Set(['up', 'scrape_duration_seconds']);

/** The metric names a PromQL expression reads (label matchers, grouping labels, functions and durations removed). */
export function promqlMetricNames(expr: string): string[] {
  const bare = expr
    .replace(/"[^"]*"/g, '""')
    .replace(/\{[^}]*\}/g, ' ')
    .replace(/\[[^\]]*\]/g, ' ')
    .replace(/\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, ' ');
  const names = [...bare.matchAll(/([a-zA-Z_:][a-zA-Z0-9_:]*)\s*(\()?/g)]
    .filter((m) => !m[2] && !KEYWORDS.has(m[1]))
    .map((m) => m[1]);
  return [...new Set(names)];
}

/**
 * The Prometheus names behind a Datadog query: `rankings.<prometheus name>` from the
 * OpenMetrics check (counters as `.count`), or a DogStatsD name (`rankings.a.b`) as is.
 */
export function datadogMetricNames(query: string): string[] {
  return [...query.matchAll(/:rankings\.([a-z_.]+)\{/g)].map((m) => {
    const name = m[1].replace(/\.count$/, '');
    return name.includes('.') ? `rankings.${name}` : name;
  });
}

/**
 * What the code really exports: quoted names in files that register prom-client metrics
 * (services and `ops reconcile --every`), DogStatsD names passed to `statsd.*`, and the
 * series Prometheus adds itself.
 */
export function exportedMetrics(root: string): Set<string> {
  const names = new Set(SYNTHETIC);
  for (const file of sourceFiles(root, ['apps', 'libs'])) {
    const text = readFileSync(file, 'utf8');
    if (text.includes("from 'prom-client'")) for (const m of text.matchAll(/'([a-z][a-z0-9_]*)'/g)) names.add(m[1]);
    for (const m of text.matchAll(/statsd\.(?:gauge|increment)\(\s*'([a-z.\w]+)'/g)) names.add(m[1]);
  }
  return names;
}

function sourceFiles(root: string, dirs: string[]): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir)) {
      const full = path.join(dir, entry);
      if (statSync(full).isDirectory()) walk(full);
      else if (/(?<!spec)\.ts$/.test(entry) && !/\.(spec|int-spec|e2e-spec)\.ts$/.test(entry)) out.push(full);
    }
  };
  for (const dir of dirs) walk(path.join(root, dir));
  return out;
}
