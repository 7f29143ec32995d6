import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { PartitionStorage } from '../log/partition-log';
import { BatchHeader } from '../log/record-batch';
import { Segment } from '../log/segment';
import { Logger } from '../logger';
import { FileSegment, segmentFileName } from './file-segment';

const LOG_START_FILE = 'log-start-offset';

/**
 * A partition's directory: `<base offset>.log` segments and `log-start-offset` (written
 * atomically when DeleteRecords or retention moves it). A partition written by an older
 * version of this broker (one `partition-<n>.log` beside the directory) becomes its first segment.
 */
export function partitionStorage(dir: string): PartitionStorage {
  return {
    newSegment: (base) => FileSegment.create(dir, base),
    saveLogStartOffset: (offset) => {
      const tmp = path.join(dir, `${LOG_START_FILE}.tmp`);
      writeFileSync(tmp, String(offset));
      renameSync(tmp, path.join(dir, LOG_START_FILE));
    },
  };
}

export function openPartitionDir(
  dir: string,
  logger: Logger,
  onBatch: (header: BatchHeader, baseOffset: number) => void,
): { segments: Segment[]; logStartOffset: number } {
  mkdirSync(dir, { recursive: true });
  const legacy = `${dir}.log`;
  if (existsSync(legacy)) renameSync(legacy, path.join(dir, segmentFileName(0)));
  const bases = readdirSync(dir)
    .filter((f) => /^\d{20}\.log$/.test(f))
    .map((f) => Number(f.slice(0, 20)))
    .sort((a, b) => a - b);
  // Only the last segment can hold a torn write: the older ones were complete when it rolled.
  const segments = bases.map((base, i) => FileSegment.open(path.join(dir, segmentFileName(base)), base, i === bases.length - 1, logger, onBatch));
  const startFile = path.join(dir, LOG_START_FILE);
  const saved = existsSync(startFile) ? Number(readFileSync(startFile, 'utf8')) : 0;
  return { segments, logStartOffset: Number.isFinite(saved) ? saved : 0 };
}
