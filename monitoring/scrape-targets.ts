import { stringify } from 'yaml';

/**
 * What Prometheus scrapes, in one place: the checked-in prometheus/prometheus.yml and the
 * end-to-end alert test are both rendered from this list (a spec keeps the file equal to
 * the rendering). Job names are what the alert rules match in `up{job=...}`.
 */
export interface ScrapeTarget {
  job: string;
  /** What sets the port (an environment variable of CONTRACT §1, or a CLI flag), and its default. */
  portSetting: string;
  defaultPort: number;
}

export const SCRAPE_TARGETS: readonly ScrapeTarget[] = [
  { job: 'match-command', portSetting: 'COMMAND_PORT', defaultPort: 3000 },
  { job: 'rankings-query', portSetting: 'QUERY_PORT', defaultPort: 3001 },
  { job: 'outbox-relay', portSetting: 'RELAY_PORT', defaultPort: 3002 },
  { job: 'rankings-projector', portSetting: 'PROJECTOR_PORT', defaultPort: 3003 },
  // `ops reconcile --every 10m --metrics-port 9464`: the drift gauge (runbooks/reconcile-drift.md).
  { job: 'reconcile', portSetting: 'ops reconcile --metrics-port', defaultPort: 9464 },
];

export interface PrometheusConfigOptions {
  /** job → host:port addresses to scrape. */
  addresses: ReadonlyMap<string, readonly string[]>;
  scrapeInterval: string;
  evaluationInterval: string;
  ruleFiles: readonly string[];
}

/** prometheus.yml text. */
export function renderPrometheusConfig(options: PrometheusConfigOptions): string {
  const config = {
    global: { scrape_interval: options.scrapeInterval, evaluation_interval: options.evaluationInterval },
    rule_files: options.ruleFiles,
    scrape_configs: [...options.addresses].map(([job, targets]) => ({ job_name: job, metrics_path: '/metrics', static_configs: [{ targets }] })),
  };
  return `# Rendered from monitoring/scrape-targets.ts (renderPrometheusConfig); edit the list there.\n${stringify(config)}`;
}

/** Every target on localhost at its default port: the checked-in example configuration. */
export function defaultAddresses(targets: readonly ScrapeTarget[] = SCRAPE_TARGETS): Map<string, string[]> {
  return new Map(targets.map((t) => [t.job, [`127.0.0.1:${t.defaultPort}`]]));
}

export const DEFAULT_PROMETHEUS_CONFIG: Omit<PrometheusConfigOptions, 'addresses'> = {
  scrapeInterval: '15s',
  evaluationInterval: '15s',
  ruleFiles: ['alerts.yml'],
};
