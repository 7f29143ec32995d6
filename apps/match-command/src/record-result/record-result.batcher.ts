import { Injectable } from '@nestjs/common';
import { currentTraceHeaders } from '@app/observability';
import type { EventStamp } from '../domain/build-event';
import type { CommandResult, ResultChanged } from '../domain/change';
import { ResourceNotFoundError } from '../domain/command-errors';
import { decideRecordResult, matchCompletedEvent, type RecordResultInput } from '../domain/record-result.decide';
import { cornersOf } from '../match-result/match-row';
import { type KeyedEvent, OutboxWriter } from '../persistence/outbox-writer';
import { RECORD_RESULTS, type StateRow, storedCorners } from './record-result.statement';

type Outcome = CommandResult<ResultChanged>;

interface Member {
  input: RecordResultInput;
  stamp: EventStamp;
  /** Captured when the request arrives: the batch runs outside the request's own async context. */
  traceHeaders: Record<string, string>;
  resolve: (outcome: Outcome) => void;
  reject: (error: unknown) => void;
  /** Rounds this member has been decided in (a lost insert race sends it round again). */
  rounds: number;
}

/**
 * Batches in flight at once. One would serialize the pipeline (no batch reads while another
 * commits); two let the next batch read and write while the last one waits for its WAL
 * flush. More only split the same requests into more, smaller commits that queue on
 * Postgres's WAL locks: on the 2-core bench host 4 in flight gave 16-client p99 11.4–11.8 ms,
 * 2 gave 7.5–8.6 ms and more results/s (docs/benchmarks.md, "Batches in flight").
 */
const MAX_BATCHES_IN_FLIGHT = 2;
/** Bounds a statement's parameter arrays and the latency of a batch's first member. */
const MAX_BATCH_SIZE = 256;
/** A member decided again more often than this found its row vanishing under it: give up loudly. */
const MAX_ROUNDS = 4;

/**
 * Group commit for result recordings. Requests that arrive while earlier batches are in
 * flight wait (at most one batch's round trip) and then share one statement that reads
 * all their matches and inserts all their results and events (RECORD_RESULTS): alone or
 * under load, a batch costs one round trip and one commit (one WAL flush). Alone, a
 * request goes out on the next turn of the event loop.
 *
 * Each request still gets its own answer, decided by the pure `decideRecordResult` on the
 * state the statement read and what it wrote: the member whose result was inserted 201,
 * the other members for that match 200 or 409 against it, refused members (404, 422, 409)
 * write nothing. The statement inserts exactly where that decision would (its guard is the
 * same rule in SQL; a member inserted that the decision would not is a loud error, and the
 * burst tests of record-result.batcher.int-spec.ts hold both to every outcome). A member
 * whose insert lost the race to another batch (`ON CONFLICT DO NOTHING` wrote nothing) is
 * decided again in a next round, on what is stored then.
 *
 * One statement is one transaction: if it fails, nothing of the batch was written, and its
 * members are run again one by one, so a member that makes Postgres fail fails alone.
 */
@Injectable()
export class RecordResultBatcher {
  private queue: Member[] = [];
  private inFlight = 0;
  private flushScheduled = false;

  constructor(private readonly outbox: OutboxWriter) {}

  record(input: RecordResultInput, stamp: EventStamp): Promise<Outcome> {
    return new Promise<Outcome>((resolve, reject) => {
      this.queue.push({ input, stamp, traceHeaders: currentTraceHeaders(), resolve, reject, rounds: 0 });
      this.scheduleFlush();
    });
  }

  /**
   * The flush waits for the current turn of the event loop (setImmediate): requests parsed
   * from sockets that were readable together then travel together.
   */
  private scheduleFlush(): void {
    if (this.flushScheduled || this.inFlight >= MAX_BATCHES_IN_FLIGHT || this.queue.length === 0) return;
    this.flushScheduled = true;
    setImmediate(() => {
      this.flushScheduled = false;
      this.flush();
    });
  }

  private flush(): void {
    while (this.inFlight < MAX_BATCHES_IN_FLIGHT && this.queue.length > 0) {
      const members = this.queue.splice(0, MAX_BATCH_SIZE);
      this.inFlight++;
      void this.settle(members).finally(() => {
        this.inFlight--;
        this.scheduleFlush();
      });
      // Requests arriving while these are in flight form the next batch.
      if (this.queue.length === 0) return;
    }
  }

  /** Answers every member; never rejects. */
  private async settle(members: Member[]): Promise<void> {
    let again: Member[];
    try {
      again = await this.runRound(members);
    } catch (error) {
      if (members.length === 1) members[0].reject(error);
      else await Promise.all(members.map((member) => this.settle([member])));
      return;
    }
    if (again.length > 0) await this.settle(again);
  }

  /**
   * One statement, then the answers. Answers the members it could decide and returns those
   * that must be decided again on what is stored now (a result committed by another batch
   * after this statement's snapshot). Answers nobody if it throws.
   */
  private async runRound(members: Member[]): Promise<Member[]> {
    const sent: Member[] = [];
    for (const member of members) {
      if (++member.rounds <= MAX_ROUNDS) sent.push(member);
      else {
        const { matchId } = member.input;
        member.reject(new Error(`match ${matchId}: result insert conflicted ${MAX_ROUNDS} times but no result was found`));
      }
    }
    if (sent.length === 0) return [];
    const states = await this.recordAll(sent);
    const byEventId = new Map(sent.map((member) => [member.stamp.eventId, member]));
    const answers: Array<[Member, Outcome | { error: unknown }]> = [];
    const later: Member[] = [];
    for (const member of sent) {
      try {
        const outcome = answerOf(member, states.get(member.input.matchId), byEventId);
        if (outcome) answers.push([member, outcome]);
        else later.push(member);
      } catch (error) {
        answers.push([member, { error }]);
      }
    }
    for (const [member, outcome] of answers) {
      if ('error' in outcome) member.reject(outcome.error);
      else member.resolve(outcome);
    }
    return later;
  }

  private async recordAll(members: Member[]): Promise<Map<string, StateRow>> {
    const params: unknown[][] = [[], [], [], [], []];
    const events: KeyedEvent[] = [];
    for (const { input, stamp, traceHeaders } of members) {
      const { matchId, winnerId, method, completedAt } = input;
      [matchId, winnerId, method, completedAt.toISOString(), stamp.eventId].forEach((value, i) => params[i].push(value));
      events.push({
        key: stamp.eventId,
        event: matchCompletedEvent(storedCorners(matchId), input, stamp),
        headers: traceHeaders,
      });
    }
    const rows = await this.outbox.insertAllWithEventsAnswering<StateRow>({ ...RECORD_RESULTS, params }, events);
    return new Map(rows.map((row) => [row.matchId, row]));
  }
}

/**
 * A member's outcome from its match's state (as the statement read it) and what the
 * statement wrote, decided by `decideRecordResult`: the member whose result was inserted
 * gets 201; the others are decided on the state with that result (200 or 409), or on the
 * state read. Null when the decision is to insert after all: the insert met a result
 * committed after the statement's snapshot, and only a next round can read it.
 */
function answerOf(member: Member, row: StateRow | undefined, byEventId: Map<string, Member>): Outcome | null {
  const { input, stamp } = member;
  if (!row) throw new ResourceNotFoundError('match', input.matchId);
  const corners = cornersOf(row.matchId, row);
  const { winnerId, method, completedAt, recordedEventId } = row;
  const read = method && completedAt && recordedEventId ? { winnerId, method, completedAt, recordedEventId } : null;
  if (row.writtenEventId === stamp.eventId) {
    const change = decideRecordResult(input, { ...corners, result: read }, stamp);
    // The statement's guard is this decision in SQL; a disagreement is a bug, not a refusal.
    if (change.kind !== 'applied') throw new Error(`match ${row.matchId}: recorded a result that decideRecordResult replays`);
    return { response: change.response, replayed: false };
  }
  const writer = row.writtenEventId ? byEventId.get(row.writtenEventId) : undefined;
  const result = writer ? { ...resultValuesOf(writer.input), recordedEventId: writer.stamp.eventId } : read;
  const change = decideRecordResult(input, { ...corners, result }, stamp);
  return change.kind === 'replayed' ? { response: change.response, replayed: true } : null;
}

const resultValuesOf = ({ winnerId, method, completedAt }: RecordResultInput) => ({ winnerId, method, completedAt });
