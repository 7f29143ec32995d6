export { createKafka, ensureTopics, EVENTS_TOPIC_PARTITIONS } from './kafka-client';
export type { KafkaClientOptions } from './kafka-client';
export { extractTraceContext, headerText } from './trace-headers';
export { projectorGroupId } from './consumer-groups';
export { readConsumerLag } from './consumer-lag';
export type { GroupLag, PartitionLag, TopicLag } from './consumer-lag';
