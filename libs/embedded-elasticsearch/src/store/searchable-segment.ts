import { IndexedField, IndexedFields } from '../mapping/document-parser';
import type { StoredDoc } from './stored-doc';

/** One document as search sees it: the stored version plus its indexed fields. */
export interface SearchDoc {
  num: number;
  doc: StoredDoc;
  fields: IndexedFields;
}

export interface FieldStats {
  docCount: number;
  sumLength: number;
}

const EMPTY: number[] = [];

/**
 * The near-real-time searchable view of one index, shaped like a Lucene segment:
 * documents get increasing numbers, postings lists (field -> term -> doc numbers) are
 * appended in order, and a write becomes visible only when refresh() moves the
 * visibility mark. Replaced or deleted documents stay visible until that refresh too.
 * Dead numbers are skipped at read time and squeezed out when they pile up.
 */
export class SearchableSegment {
  docs: Array<SearchDoc | undefined> = [];
  /** Doc numbers below this mark are searchable (unless removed). */
  visibleUpTo = 0;
  visibleCount = 0;
  deletedCount = 0;
  /** Bumped by every refresh that changed what is visible: cached per-snapshot views key on it. */
  generation = 0;
  /** The generation whose refresh last renumbered documents (compaction). */
  renumberedAt = 0;
  private readonly postings = new Map<string, Map<string, number[]>>();
  private readonly stats = new Map<string, FieldStats>();
  private pendingRemovals: number[] = [];
  /** Postings entries of live documents, and of dead ones not yet squeezed out. */
  private livePostings = 0;
  private deadPostings = 0;
  /** Documents added and not removed (what is visible once everything pending is refreshed). */
  private liveDocs = 0;

  get hasPending(): boolean {
    return this.pendingRemovals.length > 0 || this.visibleUpTo < this.docs.length;
  }

  add(doc: StoredDoc, fields: IndexedFields): number {
    const num = this.docs.length;
    // _id is indexed like a keyword so ids/term queries on it use postings.
    fields.set('_id', { keys: [doc.id], values: [doc.id], length: 1 });
    this.docs.push({ num, doc, fields });
    this.liveDocs++;
    this.indexFields(num, fields);
    return num;
  }

  /** Marks a document dead from the next refresh on (NRT: searches still see it until then). */
  remove(num: number): void {
    this.pendingRemovals.push(num);
  }

  /** Publishes pending writes; returns a renumbering when it compacted, else undefined. */
  refresh(): ((oldNum: number) => number) | undefined {
    if (!this.hasPending) return undefined;
    this.generation++;
    for (const num of this.pendingRemovals) {
      const gone = this.docs[num];
      if (!gone) continue;
      this.docs[num] = undefined;
      this.liveDocs--;
      let postings = 0;
      for (const [path, f] of gone.fields) {
        postings += f.keys.length;
        this.unstat(path, f);
      }
      this.deadPostings += postings;
      this.livePostings -= postings;
      if (num < this.visibleUpTo) this.deletedCount++;
    }
    this.pendingRemovals = [];
    this.visibleUpTo = this.docs.length;
    this.visibleCount = this.liveDocs;
    // Squeezed out once dead entries outnumber live ones: each compaction costs about the
    // live postings, and at least as many dead ones were written since the last, so its
    // cost per write stays constant (comparing dead postings with live documents instead
    // compacted the whole index every few hundred updates of documents with many terms).
    return this.deadPostings > 10_000 && this.deadPostings > this.livePostings ? this.compact() : undefined;
  }

  isVisible(num: number): boolean {
    return num < this.visibleUpTo && this.docs[num] !== undefined;
  }

  /** Postings of one term (may include dead or not-yet-visible numbers: callers check isVisible). */
  postingsFor(field: string, term: string): number[] {
    return this.postings.get(field)?.get(term) ?? EMPTY;
  }

  termsOf(field: string): Map<string, number[]> | undefined {
    return this.postings.get(field);
  }

  fieldStats(field: string): FieldStats {
    return this.stats.get(field) ?? { docCount: 0, sumLength: 0 };
  }

  /** Every visible document, in doc-number order. */
  *visibleDocs(): Generator<SearchDoc> {
    for (let i = 0; i < this.visibleUpTo; i++) {
      const d = this.docs[i];
      if (d) yield d;
    }
  }

  private indexFields(num: number, fields: IndexedFields): void {
    for (const [path, f] of fields) {
      let terms = this.postings.get(path);
      if (!terms) this.postings.set(path, (terms = new Map()));
      for (const key of f.keys) {
        const list = terms.get(key);
        if (list) list.push(num);
        else terms.set(key, [num]);
      }
      this.livePostings += f.keys.length;
      const s = this.stats.get(path) ?? { docCount: 0, sumLength: 0 };
      s.docCount++;
      s.sumLength += f.length;
      this.stats.set(path, s);
    }
  }

  private unstat(path: string, f: IndexedField): void {
    const s = this.stats.get(path);
    if (!s) return;
    s.docCount--;
    s.sumLength -= f.length;
  }

  /**
   * Renumbers live documents densely and drops the dead entries from every postings list,
   * mapping the numbers in place (the mapping keeps each list sorted; field statistics
   * already count live documents only). No document is analysed or indexed again.
   */
  private compact(): (oldNum: number) => number {
    const renumbered = new Int32Array(this.docs.length).fill(-1);
    const live: SearchDoc[] = [];
    for (const d of this.docs) {
      if (!d) continue;
      renumbered[d.num] = live.length;
      d.num = live.length;
      live.push(d);
    }
    for (const terms of this.postings.values()) {
      for (const [term, list] of terms) {
        let kept = 0;
        for (const old of list) {
          const now = renumbered[old];
          if (now >= 0) list[kept++] = now;
        }
        if (kept === 0) terms.delete(term);
        else list.length = kept;
      }
    }
    this.docs = live;
    this.visibleUpTo = live.length;
    this.deadPostings = 0;
    this.renumberedAt = this.generation;
    return (old) => (old < renumbered.length && renumbered[old] >= 0 ? renumbered[old] : old);
  }
}
