import { ErrorCode } from '../protocol/error-codes';

/**
 * Per-topic configuration the broker honours, with Kafka's defaults (AK `LogConfig` /
 * `ServerLogConfigs`). Anything else is refused with INVALID_CONFIG rather than stored and
 * ignored: a retention an operator sets must be a retention that happens.
 */
export interface TopicConfig {
  /** Delete segments whose newest record is older than this; -1 = keep forever. */
  'retention.ms': number;
  /** Delete the oldest segments while the partition is bigger than this; -1 = no limit. */
  'retention.bytes': number;
  /** Roll a new segment when the active one would grow past this. */
  'segment.bytes': number;
  /** Roll a new segment when the active one is older than this. */
  'segment.ms': number;
}

export const TOPIC_CONFIG_DEFAULTS: Readonly<TopicConfig> = {
  'retention.ms': 604_800_000,
  'retention.bytes': -1,
  'segment.bytes': 1_073_741_824,
  'segment.ms': 604_800_000,
};

/** Kafka's lower bounds (segment.bytes >= 14, the smallest legacy record; segment.ms >= 1). */
const MINIMUM: Record<keyof TopicConfig, number> = { 'retention.ms': -1, 'retention.bytes': -1, 'segment.bytes': 14, 'segment.ms': 1 };

export type TopicOverrides = Partial<TopicConfig>;

export type ConfigVerdict = { errorCode: 0; overrides: TopicOverrides } | { errorCode: number; message: string };

const isKnown = (name: string): name is keyof TopicConfig => Object.prototype.hasOwnProperty.call(TOPIC_CONFIG_DEFAULTS, name);

/** Validates name/value pairs (CreateTopics, AlterConfigs) into overrides, or Kafka's error. */
export function parseTopicConfigs(entries: Array<[string, string | null]>): ConfigVerdict {
  const overrides: TopicOverrides = {};
  for (const [name, value] of entries) {
    if (name === 'cleanup.policy' && value === 'delete') continue; // the only policy there is here
    if (!isKnown(name)) {
      return { errorCode: ErrorCode.INVALID_CONFIG, message: `Topic config ${name}=${String(value)} is not supported by the embedded Kafka stand-in` };
    }
    const n = value === null ? NaN : Number(value);
    if (!Number.isSafeInteger(n) || n < MINIMUM[name]) {
      return { errorCode: ErrorCode.INVALID_CONFIG, message: `Invalid value ${String(value)} for configuration ${name}: must be an integer >= ${MINIMUM[name]}` };
    }
    overrides[name] = n;
  }
  return { errorCode: ErrorCode.NONE, overrides };
}

export function effectiveConfig(overrides: TopicOverrides): TopicConfig {
  return { ...TOPIC_CONFIG_DEFAULTS, ...overrides };
}

export const TOPIC_CONFIG_NAMES = Object.keys(TOPIC_CONFIG_DEFAULTS) as Array<keyof TopicConfig>;
