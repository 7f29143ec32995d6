import { Injectable } from '@nestjs/common';
import type { MatchMethod } from '@app/contracts';
import { currentTraceHeaders } from '@app/observability';
import type { EventStamp } from '../domain/build-event';
import type { CommandResult, ResultChanged } from '../domain/change';
import { ResourceNotFoundError } from '../domain/command-errors';
import type { MatchCorners } from '../domain/match-result';
import { decideRecordResult, type RecordedResult, type RecordResultInput } from '../domain/record-result.decide';
import { cornersOf, MATCH_COLUMNS, type MatchRow } from '../match-result/match-row';
import { Database, statement } from '../persistence/database';
import { type KeyedEvent, OutboxWriter } from '../persistence/outbox-writer';

type Outcome = CommandResult<ResultChanged>;
type MatchState = MatchCorners & { result: RecordedResult | null };

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
 * commits); a few let the next batch read while the last one waits for its WAL flush, and
 * the rest of the pool stays free for the other commands.
 */
const MAX_BATCHES_IN_FLIGHT = 4;
/** Bounds a statement's parameter arrays and the latency of a batch's first member. */
const MAX_BATCH_SIZE = 256;
/** A member decided again more often than this found its row vanishing under it: give up loudly. */
const MAX_ROUNDS = 4;

const LOAD_MATCHES_WITH_RESULTS = statement(
  'record-result:load-many',
  `SELECT m.id::text AS "matchId", ${MATCH_COLUMNS}, r.winner_id AS "winnerId", r.method,
          r.completed_at AS "completedAt", r.recorded_event_id AS "recordedEventId"
     FROM matches m LEFT JOIN match_results r ON r.match_id = m.id
    WHERE m.id = ANY($1::uuid[])`,
);

const INSERT_RESULTS = `
  INSERT INTO match_results (match_id, winner_id, method, completed_at, revision, recorded_event_id, last_event_id)
  SELECT r.match_id, r.winner_id, r.method, r.completed_at, 1, r.event_id, r.event_id
    FROM unnest($1::uuid[], $2::text[], $3::text[], $4::timestamptz[], $5::uuid[])
         WITH ORDINALITY AS r(match_id, winner_id, method, completed_at, event_id, position)
   ORDER BY r.position
  ON CONFLICT (match_id) DO NOTHING
  RETURNING match_id::text AS key`;

type ResultRow = MatchRow & {
  matchId: string;
  winnerId: string | null;
  method: MatchMethod | null;
  completedAt: Date | null;
  recordedEventId: string | null;
};

/**
 * Group commit for result recordings. Requests that arrive while earlier batches are in
 * flight wait (at most one batch's round trips) and then share one read of all their
 * matches and one statement that inserts all their results and events: under load, many
 * requests cost two round trips and one commit (one WAL flush) between them, instead of
 * two round trips and a commit each. Alone, a request goes out on the next turn of the
 * event loop, as before.
 *
 * Each request still gets its own answer: decisions are the pure `decideRecordResult`, per
 * member, on the state read. Several members for one match are decided one after the
 * other: the first that would insert goes into this round, the later ones wait for the
 * next round, which reads what the first one stored (and so answers 200 or 409). A member
 * whose insert lost the race to another batch (`ON CONFLICT DO NOTHING` wrote nothing) is
 * decided again the same way. A refused member (404, 422, 409) writes nothing.
 *
 * One statement is one transaction: if the read or the insert fails, nothing of the batch
 * was written, and its members are run again one by one, so a member that makes Postgres
 * fail fails alone.
 */
@Injectable()
export class RecordResultBatcher {
  private queue: Member[] = [];
  private inFlight = 0;
  private flushScheduled = false;

  constructor(
    private readonly db: Database,
    private readonly outbox: OutboxWriter,
  ) {}

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
   * One read, the decisions, one insert. Answers the members it could decide and returns
   * those that must be decided again on what this round stored. Answers nobody if it throws.
   */
  private async runRound(members: Member[]): Promise<Member[]> {
    const states = await this.loadMatches(members.map((member) => member.input.matchId));
    const answers: Array<[Member, Outcome | { error: unknown }]> = [];
    const inserting = new Map<string, { member: Member; event: KeyedEvent; outcome: Outcome }>();
    const later: Member[] = [];
    for (const member of members) {
      const { matchId } = member.input;
      if (inserting.has(matchId)) {
        later.push(member);
        continue;
      }
      if (++member.rounds > MAX_ROUNDS) {
        answers.push([
          member,
          { error: new Error(`match ${matchId}: result insert conflicted ${MAX_ROUNDS} times but no result was found`) },
        ]);
        continue;
      }
      try {
        const state = states.get(matchId);
        if (!state) throw new ResourceNotFoundError('match', matchId);
        const change = decideRecordResult(member.input, state, member.stamp);
        if (change.kind === 'replayed') answers.push([member, { response: change.response, replayed: true }]);
        else
          inserting.set(matchId, {
            member,
            event: { key: matchId, event: change.event, headers: member.traceHeaders },
            outcome: { response: change.response, replayed: false },
          });
      } catch (error) {
        answers.push([member, { error }]);
      }
    }
    const written = inserting.size > 0 ? await this.insertResults([...inserting.values()]) : new Set<string>();
    for (const [matchId, { member, outcome }] of inserting) {
      if (written.has(matchId)) answers.push([member, outcome]);
      else later.push(member);
    }
    for (const [member, outcome] of answers) {
      if ('error' in outcome) member.reject(outcome.error);
      else member.resolve(outcome);
    }
    return later;
  }

  private async loadMatches(matchIds: string[]): Promise<Map<string, MatchState>> {
    const rows = await this.db.query<ResultRow>(LOAD_MATCHES_WITH_RESULTS, [[...new Set(matchIds)]]);
    const states = new Map<string, MatchState>();
    for (const row of rows) {
      const { matchId, winnerId, method, completedAt, recordedEventId } = row;
      const result = method && completedAt && recordedEventId ? { winnerId, method, completedAt, recordedEventId } : null;
      states.set(matchId, { ...cornersOf(matchId, row), result });
    }
    return states;
  }

  private insertResults(rows: Array<{ member: Member; event: KeyedEvent }>): Promise<Set<string>> {
    const params: unknown[][] = [[], [], [], [], []];
    for (const { member } of rows) {
      const { matchId, winnerId, method, completedAt } = member.input;
      [matchId, winnerId, method, completedAt.toISOString(), member.stamp.eventId].forEach((value, i) => params[i].push(value));
    }
    return this.outbox.insertAllWithEvents(
      { name: 'record-result:insert-many', sql: INSERT_RESULTS, params },
      rows.map((row) => row.event),
    );
  }
}
