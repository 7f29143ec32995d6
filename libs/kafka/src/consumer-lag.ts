import type { Admin } from 'kafkajs';

/** Where one consumer group stands in one partition. */
export interface GroupPartitionOffsets {
  partition: number;
  /** Next offset the group will read (its committed offset); null when it committed nothing yet. */
  committed: bigint | null;
  /** Oldest offset the partition still holds: where a group without a commit starts (the projectors subscribe from the beginning). */
  low: bigint;
  /** Offset the next message written to the partition will get (the high watermark). */
  end: bigint;
}

/** Per consumer group, its offsets in every partition of `topic` (in partition order); one read of the topic's ends for all. */
export async function readGroupOffsets(admin: Admin, topic: string, groupIds: string[]): Promise<Map<string, GroupPartitionOffsets[]>> {
  const [ends, ...committed] = await Promise.all([
    admin.fetchTopicOffsets(topic),
    ...groupIds.map((groupId) => admin.fetchOffsets({ groupId, topics: [topic] })),
  ]);
  const sorted = [...ends].sort((a, b) => a.partition - b.partition);
  return new Map(
    groupIds.map((groupId, g) => {
      const offsets = new Map((committed[g].find((t) => t.topic === topic)?.partitions ?? []).map((p) => [p.partition, BigInt(p.offset)]));
      const partitions = sorted.map(({ partition, high, low }) => {
        const stored = offsets.get(partition);
        return { partition, committed: stored !== undefined && stored >= 0n ? stored : null, low: BigInt(low), end: BigInt(high) };
      });
      return [groupId, partitions];
    }),
  );
}

export interface PartitionLag {
  partition: number;
  /** The group's committed offset; null when it committed nothing yet. */
  committed: number | null;
  /** The partition's end (high watermark). */
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
 * take the batch in flight). Only reads: a topic that does not exist is reported as such,
 * not created.
 */
export async function readConsumerLag(admin: Admin, topic: string, groupIds: string[]): Promise<TopicLag> {
  if (!(await admin.listTopics()).includes(topic)) return { topic, exists: false, retained: 0, groups: [] };
  const offsets = await readGroupOffsets(admin, topic, groupIds);
  const groups = groupIds.map((groupId) => {
    const partitions = (offsets.get(groupId) ?? []).map(({ partition, committed, low, end }) => {
      const from = committed !== null && committed > low ? committed : low;
      return { partition, committed: committed === null ? null : Number(committed), end: Number(end), behind: Math.max(0, Number(end - from)) };
    });
    return { groupId, behind: partitions.reduce((sum, p) => sum + p.behind, 0), partitions };
  });
  // Every group sees the same ends; the topic's size is read off any of them.
  const ends = offsets.values().next().value ?? [];
  const retained = ends.reduce((sum, p) => sum + Number(p.end - p.low), 0);
  return { topic, exists: true, retained, groups };
}
