export { createKafka, ensureTopics, EVENTS_TOPIC_PARTITIONS } from './kafka-client';
export type { KafkaClientOptions } from './kafka-client';
export { extractTraceContext, headerText } from './trace-headers';
export { projectorGroupId } from './consumer-groups';
export { readConsumerLag, readGroupOffsets } from './consumer-lag';
export type { GroupLag, GroupPartitionOffsets, PartitionLag, TopicLag } from './consumer-lag';
