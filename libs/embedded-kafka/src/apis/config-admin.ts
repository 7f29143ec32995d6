import { Broker } from '../broker';
import { TOPIC_CONFIG_DEFAULTS, TOPIC_CONFIG_NAMES, parseTopicConfigs } from '../log/topic-config';
import { ErrorCode } from '../protocol/error-codes';
import { Writer } from '../protocol/writer';
import { ApiHandler } from './handler';

/** AK ConfigResource.Type and DescribeConfigsResponse.ConfigSource values. */
const RESOURCE_TOPIC = 2;
const RESOURCE_BROKER = 4;
const SOURCE_TOPIC = 1;
const SOURCE_STATIC_BROKER = 4;
const SOURCE_DEFAULT = 5;

interface ConfigEntry {
  name: string;
  value: string;
  readOnly: boolean;
  source: number;
}

/** The broker-level defaults topics inherit (Kafka's log.* names). */
const BROKER_CONFIGS = (broker: Broker): ConfigEntry[] => [
  { name: 'log.retention.ms', value: String(TOPIC_CONFIG_DEFAULTS['retention.ms']), readOnly: true, source: SOURCE_DEFAULT },
  { name: 'log.retention.bytes', value: String(TOPIC_CONFIG_DEFAULTS['retention.bytes']), readOnly: true, source: SOURCE_DEFAULT },
  { name: 'log.segment.bytes', value: String(TOPIC_CONFIG_DEFAULTS['segment.bytes']), readOnly: true, source: SOURCE_DEFAULT },
  { name: 'num.partitions', value: String(broker.topics.defaultPartitions), readOnly: true, source: SOURCE_STATIC_BROKER },
];

function describeResource(broker: Broker, type: number, name: string): { errorCode: number; message: string | null; entries: ConfigEntry[] } {
  if (type === RESOURCE_BROKER) return { errorCode: ErrorCode.NONE, message: null, entries: BROKER_CONFIGS(broker) };
  if (type !== RESOURCE_TOPIC) return { errorCode: ErrorCode.INVALID_REQUEST, message: `resource type ${type} is not supported`, entries: [] };
  const topic = broker.topics.get(name);
  if (!topic) return { errorCode: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, message: `Topic ${name} does not exist`, entries: [] };
  const entries: ConfigEntry[] = TOPIC_CONFIG_NAMES.map((key) => ({
    name: key,
    value: String(topic.config[key]),
    readOnly: false,
    source: topic.overrides[key] === undefined ? SOURCE_DEFAULT : SOURCE_TOPIC,
  }));
  entries.push({ name: 'cleanup.policy', value: 'delete', readOnly: false, source: SOURCE_DEFAULT });
  return { errorCode: ErrorCode.NONE, message: null, entries };
}

/** DescribeConfigs v2: topic configs (overrides and defaults) and the broker's log defaults. */
export const handleDescribeConfigs: ApiHandler = (broker, req) => {
  const r = req.body;
  const resources = r.array((r) => ({ type: r.int8(), name: r.string(), names: r.nullableArray((r) => r.string()) }));
  r.boolean(); // include synonyms: none are reported
  return new Writer().int32(0).array(resources, (w, res) => {
    const found = describeResource(broker, res.type, res.name);
    const entries = res.names && res.names.length > 0 ? found.entries.filter((e) => res.names?.includes(e.name)) : found.entries;
    w.int16(found.errorCode).string(found.message).int8(res.type).string(res.name);
    w.array(entries, (w, e) => w.string(e.name).string(e.value).boolean(e.readOnly).int8(e.source).boolean(false).array([], () => undefined));
  });
};

/**
 * AlterConfigs v1: the topic's overrides become exactly the given set (Kafka's non-incremental
 * semantics: a config left out returns to its default). Broker configs are read-only here.
 */
export const handleAlterConfigs: ApiHandler = (broker, req) => {
  const r = req.body;
  const resources = r.array((r) => ({ type: r.int8(), name: r.string(), entries: r.array((r): [string, string | null] => [r.string(), r.nullableString()]) }));
  const validateOnly = r.boolean();
  return new Writer().int32(0).array(resources, (w, res) => {
    let errorCode: number = ErrorCode.NONE;
    let message: string | null = null;
    if (res.type !== RESOURCE_TOPIC) {
      errorCode = ErrorCode.INVALID_REQUEST;
      message = 'only topic configs can be altered on the embedded Kafka stand-in';
    } else if (!broker.topics.get(res.name)) {
      errorCode = ErrorCode.UNKNOWN_TOPIC_OR_PARTITION;
      message = `Topic ${res.name} does not exist`;
    } else {
      const verdict = parseTopicConfigs(res.entries);
      if ('message' in verdict) {
        errorCode = verdict.errorCode;
        message = verdict.message;
      } else if (!validateOnly) {
        broker.topics.setOverrides(res.name, verdict.overrides);
      }
    }
    w.int16(errorCode).string(message).int8(res.type).string(res.name);
  });
};
