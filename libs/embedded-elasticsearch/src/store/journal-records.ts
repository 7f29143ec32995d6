import { Json } from '../mapping/field-types';
import { FlatSettings } from './index-settings';

/** One durable change to an index, in the order it was acknowledged. */
export type JournalRecord =
  | { t: 'create'; uuid: string; created: number; settings: FlatSettings; mappings: Json }
  | { t: 'index'; id: string; source: Json; v: number; s: number }
  | { t: 'delete'; id: string; v: number; s: number }
  | { t: 'mapping'; mappings: Json }
  | { t: 'settings'; settings: FlatSettings };

/** A compacted index: everything the journal replays to, in one file. */
export interface IndexSnapshot {
  uuid: string;
  created: number;
  settings: FlatSettings;
  mappings: Json;
  seqNo: number;
  docs: Array<[id: string, version: number, seqNo: number, source: Json]>;
  tombstones: Array<[id: string, version: number]>;
}

export interface Journal {
  append(record: JournalRecord): void;
  /** Called after refresh: a chance to compact and to fsync. */
  maybeCompact(snapshot: () => IndexSnapshot, liveDocs: number): void;
  close(): void;
  destroy(): void;
}
