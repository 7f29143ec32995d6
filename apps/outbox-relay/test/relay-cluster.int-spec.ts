import { readSourceWatermark } from '@app/watermark';
import { createRedisClusterClient } from '@app/cache';
import { eventually, startRedisCluster, type RunningRedisCluster } from '@test/support';
import { startInProcessRelay, type InProcessRelay } from './in-process-relay';
import { insertOutboxEvents } from './outbox-fixtures';

/**
 * With REDIS_CLUSTER_NODES set the read models live on a Redis Cluster, and the freshness
 * monitors and `ops status` read the relay's source watermark there: the relay must write
 * it there too, not to REDIS_URL (a standalone Redis also answers at the default URL here).
 */
describe('outbox relay with the read models on a Redis Cluster', () => {
  let cluster: RunningRedisCluster;
  let running: InProcessRelay;

  beforeAll(async () => {
    cluster = await startRedisCluster(3);
    running = await startInProcessRelay('relay-cluster', { REDIS_CLUSTER_NODES: cluster.nodes.join(',') });
  }, 90_000);

  afterAll(async () => {
    await running?.stop();
    await cluster?.stop();
  });

  it('writes the source watermark and its heartbeat through the cluster', async () => {
    const [event] = await insertOutboxEvents(running.pool, [{ divisionId: 'on-cluster', seq: 1 }]);
    const redis = createRedisClusterClient(cluster.nodes, { commandTimeoutMs: 5_000 });
    try {
      const watermark = await eventually(
        async () => {
          const read = await readSourceWatermark(redis, running.target.redisPrefix);
          return read && read.newestPublishedOccurredAt === Date.parse(event.occurredAt) ? read : undefined;
        },
        15_000,
        'the watermark of the published event on the cluster',
      );
      expect(watermark.heartbeatAt).toBeGreaterThan(0);
    } finally {
      redis.disconnect();
    }
  });
});
