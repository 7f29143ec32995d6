import type { Admin } from 'kafkajs';

export interface PartitionLag {
  partition: number;
  /** Next offset the group will read (its committed offset); null when it committed nothing yet. */
  committed: number | null;
  /** Offset the next message written to the partition will get (the high watermark). */
  end: number;
  /** Messages still to consume: from the committed offset (or the oldest kept one) to the end. */
  behind: number;
}

export interface GroupLag {
  groupId: string;
  /** Sum over the partitions. */
  behind: number;
  partitions: PartitionLag[];
}

export interface TopicLag {
  topic: string;
  /** False before anything created the topic (no relay or projector ran yet): no lag to read. */
  exists: boolean;
  /** Messages the topic still holds, summed over partitions (end minus oldest kept offset). */
  retained: number;
  groups: GroupLag[];
}

/**
 * How far each consumer group is behind the end of `topic`, per partition and in all. The
 * projectors commit a batch's offsets only after their store acknowledged it, so a
 * projection group's lag counts the events that projection has not stored yet (give or
 * take the batch in flight). A group that committed nothing starts from the oldest message
 * kept, as the projectors subscribe from the beginning.
 */
export async function readConsumerLag(admin: Admin, topic: string, groupIds: string[]): Promise<TopicLag> {
  if (!(await admin.listTopics()).includes(topic)) return { topic, exists: false, retained: 0, groups: [] };
  const [ends, ...committed] = await Promise.all([
    admin.fetchTopicOffsets(topic),
    ...groupIds.map((groupId) => admin.fetchOffsets({ groupId, topics: [topic] })),
  ]);
  const retained = ends.reduce((sum, p) => sum + Math.max(0, Number(p.high) - Number(p.low)), 0);
  const groups = groupIds.map((groupId, g) => {
    const offsets = new Map((committed[g].find((t) => t.topic === topic)?.partitions ?? []).map((p) => [p.partition, Number(p.offset)]));
    const partitions = ends
      .map(({ partition, high, low }) => {
        const end = Number(high);
        const stored = offsets.get(partition);
        const from = stored !== undefined && stored >= 0 ? stored : null;
        return { partition, committed: from, end, behind: Math.max(0, end - Math.max(from ?? 0, Number(low))) };
      })
      .sort((a, b) => a.partition - b.partition);
    return { groupId, behind: partitions.reduce((sum, p) => sum + p.behind, 0), partitions };
  });
  return { topic, exists: true, retained, groups };
}
