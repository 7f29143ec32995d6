import type { Json } from '../mapping/field-types';

/** One document as the store keeps it: its source and the versioning ES reports for it. */
export interface StoredDoc {
  id: string;
  source: Json;
  version: number;
  seqNo: number;
  primaryTerm: number;
}
