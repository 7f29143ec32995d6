import { randomUUID } from 'node:crypto';
import { EsRequest, EsResponse } from '../http/es-request';
import { Route } from '../http/router';
import { Cluster } from '../store/cluster';

/** The version the 9.x client and humans see; any 9.x satisfies the client's checks. */
export const ES_VERSION = '9.1.0';
const CLUSTER_UUID = randomUUID().replace(/-/g, '').slice(0, 22);
const STATUS_RANK = { green: 0, yellow: 1, red: 2 } as const;

function info(): EsResponse {
  return {
    status: 200,
    body: {
      name: 'embedded-elasticsearch',
      cluster_name: 'embedded-elasticsearch',
      cluster_uuid: CLUSTER_UUID,
      version: {
        number: ES_VERSION,
        build_flavor: 'default',
        build_type: 'embedded',
        build_hash: 'embedded',
        build_date: '2025-07-01T00:00:00.000Z',
        build_snapshot: false,
        lucene_version: '10.2.2',
        minimum_wire_compatibility_version: '8.19.0',
        minimum_index_compatibility_version: '8.0.0',
      },
      tagline: 'You Know, for Search',
    },
  };
}

/**
 * Single-node health: indices with replicas are yellow (their replicas can never be
 * assigned), exactly as on a one-node ES. Nothing changes while we wait, so
 * wait_for_status answers at once: satisfied -> 200, otherwise 408 timed_out.
 */
function health(cluster: Cluster, req: EsRequest): EsResponse {
  let indices;
  try {
    indices = cluster.resolve(req.pathParams.index);
  } catch {
    return { status: 408, body: healthBody('red', true, []) };
  }
  const status = indices.some((i) => i.replicas > 0) ? 'yellow' : 'green';
  const wanted = req.param('wait_for_status') as keyof typeof STATUS_RANK | undefined;
  const timedOut = wanted !== undefined && STATUS_RANK[wanted] !== undefined && STATUS_RANK[status] > STATUS_RANK[wanted];
  return { status: timedOut ? 408 : 200, body: healthBody(status, timedOut, indices.map((i) => i.replicas)) };
}

function healthBody(status: string, timedOut: boolean, replicas: number[]) {
  const unassigned = replicas.reduce((n, r) => n + r, 0);
  return {
    cluster_name: 'embedded-elasticsearch',
    status,
    timed_out: timedOut,
    number_of_nodes: 1,
    number_of_data_nodes: 1,
    active_primary_shards: replicas.length,
    active_shards: replicas.length,
    relocating_shards: 0,
    initializing_shards: 0,
    unassigned_shards: unassigned,
    unassigned_primary_shards: 0,
    delayed_unassigned_shards: 0,
    number_of_pending_tasks: 0,
    number_of_in_flight_fetch: 0,
    task_max_waiting_in_queue_millis: 0,
    active_shards_percent_as_number: replicas.length + unassigned === 0 ? 100 : (100 * replicas.length) / (replicas.length + unassigned),
  };
}

export function clusterRoutes(cluster: Cluster): Route[] {
  const healthParams = ['wait_for_status', 'wait_for_no_relocating_shards', 'wait_for_no_initializing_shards', 'wait_for_active_shards', 'wait_for_nodes', 'wait_for_events', 'level', 'local', 'expand_wildcards'];
  return [
    { methods: ['GET', 'HEAD'], pattern: '/', params: [], handler: () => info() },
    { methods: ['GET'], pattern: '/_cluster/health', params: healthParams, handler: (r) => health(cluster, r) },
    { methods: ['GET'], pattern: '/_cluster/health/{index}', params: healthParams, handler: (r) => health(cluster, r) },
  ];
}
