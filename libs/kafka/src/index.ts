export { createKafka, ensureTopics, EVENTS_TOPIC_PARTITIONS } from './kafka-client';
export type { KafkaClientOptions } from './kafka-client';
export { currentTraceHeaders, extractTraceContext, headerText } from './trace-headers';
