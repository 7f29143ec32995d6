import { ErrorCode } from '../protocol/error-codes';
import { Writer } from '../protocol/writer';
import { handleFindCoordinator, handleInitProducerId } from './coordination';
import { handleFetch } from './fetch';
import { handleDeleteGroups, handleDescribeGroups, handleListGroups } from './group-admin';
import { handleHeartbeat, handleJoinGroup, handleLeaveGroup, handleSyncGroup } from './group-membership';
import { ApiHandler, ApiSpec } from './handler';
import { handleListOffsets } from './list-offsets';
import { handleMetadata } from './metadata';
import { handleOffsetCommit, handleOffsetFetch } from './offsets';
import { handleProduce } from './produce';
import { handleAlterConfigs, handleDescribeConfigs } from './config-admin';
import { handleCreatePartitions, handleCreateTopics, handleDeleteRecords, handleDeleteTopics } from './topic-admin';

export const API_VERSIONS_KEY = 18;

/**
 * Every API this broker speaks, each at exactly one version (kafkajs 2.2.4's maximum),
 * so kafkajs runs the same code path as against a real cluster. ApiVersions advertises
 * precisely this table.
 */
const SPECS: ApiSpec[] = [
  { key: 0, name: 'Produce', minVersion: 7, maxVersion: 7, handle: handleProduce },
  { key: 1, name: 'Fetch', minVersion: 11, maxVersion: 11, handle: handleFetch },
  { key: 2, name: 'ListOffsets', minVersion: 3, maxVersion: 3, handle: handleListOffsets },
  { key: 3, name: 'Metadata', minVersion: 6, maxVersion: 6, handle: handleMetadata },
  { key: 8, name: 'OffsetCommit', minVersion: 5, maxVersion: 5, handle: handleOffsetCommit },
  { key: 9, name: 'OffsetFetch', minVersion: 4, maxVersion: 4, handle: handleOffsetFetch },
  { key: 10, name: 'FindCoordinator', minVersion: 2, maxVersion: 2, handle: handleFindCoordinator },
  { key: 11, name: 'JoinGroup', minVersion: 5, maxVersion: 5, handle: handleJoinGroup },
  { key: 12, name: 'Heartbeat', minVersion: 3, maxVersion: 3, handle: handleHeartbeat },
  { key: 13, name: 'LeaveGroup', minVersion: 3, maxVersion: 3, handle: handleLeaveGroup },
  { key: 14, name: 'SyncGroup', minVersion: 3, maxVersion: 3, handle: handleSyncGroup },
  { key: 15, name: 'DescribeGroups', minVersion: 2, maxVersion: 2, handle: handleDescribeGroups },
  { key: 16, name: 'ListGroups', minVersion: 2, maxVersion: 2, handle: handleListGroups },
  { key: 19, name: 'CreateTopics', minVersion: 3, maxVersion: 3, handle: handleCreateTopics },
  { key: 20, name: 'DeleteTopics', minVersion: 1, maxVersion: 1, handle: handleDeleteTopics },
  { key: 21, name: 'DeleteRecords', minVersion: 1, maxVersion: 1, handle: handleDeleteRecords },
  { key: 22, name: 'InitProducerId', minVersion: 1, maxVersion: 1, handle: handleInitProducerId },
  { key: 32, name: 'DescribeConfigs', minVersion: 2, maxVersion: 2, handle: handleDescribeConfigs },
  { key: 33, name: 'AlterConfigs', minVersion: 1, maxVersion: 1, handle: handleAlterConfigs },
  { key: 37, name: 'CreatePartitions', minVersion: 1, maxVersion: 1, handle: handleCreatePartitions },
  { key: 42, name: 'DeleteGroups', minVersion: 1, maxVersion: 1, handle: handleDeleteGroups },
];

/**
 * ApiVersions v0-2 (v1+ appends throttle time). Answered with the v0 layout and error 35
 * when the version is too new, which is how a client learns to retry lower.
 */
export function encodeApiVersions(version: number, errorCode: number): Writer {
  const w = new Writer().int16(errorCode);
  w.array(API_TABLE_LIST, (w, s) => w.int16(s.key).int16(s.minVersion).int16(s.maxVersion));
  if (version >= 1 && errorCode === ErrorCode.NONE) w.int32(0);
  return w;
}

const handleApiVersions: ApiHandler = (_broker, req) => encodeApiVersions(req.header.apiVersion, ErrorCode.NONE);

const API_TABLE_LIST: ApiSpec[] = [{ key: API_VERSIONS_KEY, name: 'ApiVersions', minVersion: 0, maxVersion: 2, handle: handleApiVersions }, ...SPECS].sort(
  (a, b) => a.key - b.key,
);

export const API_TABLE: ReadonlyMap<number, ApiSpec> = new Map(API_TABLE_LIST.map((s) => [s.key, s]));
