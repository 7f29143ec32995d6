import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Layout under `<dataDir>/topics/`: one directory per topic holding `topic.json`
 * ({ name, partitions, configs }) and a `partition-<n>/` directory of segments per partition. A topic exists on disk only once
 * its topic.json was renamed into place, so a crash mid-create leaves nothing half-made.
 * Deletion first renames the directory to a `~deleted-` name (illegal in topic names),
 * which a restart finishes removing.
 */
export interface StoredTopic {
  name: string;
  partitions: number;
  /** Topic config overrides (retention, segment size). */
  configs?: Record<string, number>;
}

const topicsRoot = (dataDir: string): string => path.join(dataDir, 'topics');
const topicDir = (dataDir: string, name: string): string => path.join(topicsRoot(dataDir), name);

export function partitionDir(dataDir: string, topic: string, partition: number): string {
  return path.join(topicDir(dataDir, topic), `partition-${partition}`);
}

export function listStoredTopics(dataDir: string): StoredTopic[] {
  const root = topicsRoot(dataDir);
  mkdirSync(root, { recursive: true });
  const topics: StoredTopic[] = [];
  for (const entry of readdirSync(root)) {
    const dir = path.join(root, entry);
    if (entry.startsWith('~deleted-')) {
      rmSync(dir, { recursive: true, force: true });
      continue;
    }
    const metaFile = path.join(dir, 'topic.json');
    if (!existsSync(metaFile)) continue; // a create that crashed before its rename
    const meta = JSON.parse(readFileSync(metaFile, 'utf8')) as StoredTopic;
    topics.push({ name: meta.name, partitions: meta.partitions, configs: meta.configs ?? {} });
  }
  return topics;
}

export function writeTopicDir(dataDir: string, topic: StoredTopic): void {
  const dir = topicDir(dataDir, topic.name);
  mkdirSync(dir, { recursive: true });
  const tmp = path.join(dir, 'topic.json.tmp');
  writeFileSync(tmp, JSON.stringify(topic));
  renameSync(tmp, path.join(dir, 'topic.json'));
}

export function removeTopicDir(dataDir: string, name: string): void {
  const dir = topicDir(dataDir, name);
  if (!existsSync(dir)) return;
  const doomed = path.join(topicsRoot(dataDir), `~deleted-${name}-${Date.now()}`);
  renameSync(dir, doomed);
  rmSync(doomed, { recursive: true, force: true });
}
