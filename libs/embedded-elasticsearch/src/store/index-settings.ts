import { illegalArgument } from '../errors';
import { AnalysisSettings } from '../analysis/analysis-registry';

export type FlatSettings = Record<string, string | string[]>;

/** Settings this stand-in accepts; ES rejects unknown ones and so do we. */
const KNOWN = [
  /^index\.number_of_shards$/,
  /^index\.number_of_replicas$/,
  /^index\.auto_expand_replicas$/,
  /^index\.refresh_interval$/,
  /^index\.max_result_window$/,
  /^index\.max_ngram_diff$/,
  /^index\.hidden$/,
  /^index\.analysis\./,
  /^index\.mapping\./,
  /^index\.blocks\./,
  /^index\.routing\./,
  /^index\.priority$/,
];
const STATIC = ['index.number_of_shards', 'index.analysis'];

/** Flattens `{index:{analysis:{...}}}` or `{analysis:...}` into ES's `index.`-prefixed string form. */
export function flattenSettings(input: Record<string, unknown>, prefix = ''): FlatSettings {
  const out: FlatSettings = {};
  for (const [key, value] of Object.entries(input)) {
    const path = prefix + key;
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      Object.assign(out, flattenSettings(value as Record<string, unknown>, `${path}.`));
    } else if (value !== null && value !== undefined) {
      const full = path.startsWith('index.') ? path : `index.${path}`;
      out[full] = Array.isArray(value) ? value.map(String) : String(value);
    }
  }
  return out;
}

export function validateSettings(flat: FlatSettings, forUpdate: boolean): void {
  for (const key of Object.keys(flat)) {
    if (!KNOWN.some((re) => re.test(key))) {
      throw illegalArgument(`unknown setting [${key}] please check that any required plugins are installed, or check the breaking changes documentation for removed settings`);
    }
    if (forUpdate && STATIC.some((s) => key === s || key.startsWith(`${s}.`))) {
      throw illegalArgument(`Can't update non dynamic settings [[${key}]] for open indices`);
    }
  }
  for (const key of ['index.number_of_shards', 'index.number_of_replicas', 'index.max_result_window']) {
    const v = flat[key];
    if (v === undefined) continue;
    const n = Number(v);
    const min = key === 'index.number_of_shards' ? 1 : 0;
    if (!Number.isInteger(n) || n < min) throw illegalArgument(`Failed to parse value [${v}] for setting [${key}] must be >= ${min}`);
  }
}

/** The nested form ES returns from GET /{index} and /_settings. */
export function unflattenSettings(flat: FlatSettings): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(flat).sort(([a], [b]) => a.localeCompare(b))) {
    const parts = key.split('.');
    let node = out;
    for (const part of parts.slice(0, -1)) {
      node[part] ??= {};
      node = node[part] as Record<string, unknown>;
    }
    node[parts[parts.length - 1]] = value;
  }
  return out;
}

export function analysisSettings(flat: FlatSettings): AnalysisSettings {
  const analysis = unflattenSettings(
    Object.fromEntries(Object.entries(flat).filter(([k]) => k.startsWith('index.analysis.'))),
  ) as { index?: { analysis?: AnalysisSettings } };
  return analysis.index?.analysis ?? {};
}

export function numberSetting(flat: FlatSettings, key: string, fallback: number): number {
  const v = flat[key];
  return v === undefined ? fallback : Number(v);
}
