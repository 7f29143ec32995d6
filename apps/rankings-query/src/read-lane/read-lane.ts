import type { OnModuleDestroy, OnModuleInit, Provider } from '@nestjs/common';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import { cacheableAnswer } from '../http-cache/cacheable-answer';
import { ReadAnswers } from '../read-api/read-answers';
import { sendReadError } from '../read-api/store-errors.filter';
import { leaderboardQuery, Query, rankingsQuery, readOptions } from './well-formed';

/** Starts a read of a well-formed request, or returns null to leave the request to Nest. */
type LaneRead = (request: FastifyRequest, reply: FastifyReply) => Promise<unknown> | null;

/**
 * The hot reads' lean path. Fastify has already routed the request (to the route a Nest
 * controller declared, so the metrics' route label and the OpenAPI document are the
 * controllers'); a well-formed GET of a hot read is answered here, in Fastify's first
 * onRequest hook, skipping the per-request framework pipeline (middleware, guards,
 * ValidationPipe, interceptors, filters) that cost ~4 times the read itself. The answer is
 * ReadAnswers' with cacheableAnswer's caching and the exception filter's errors: the
 * same bytes, headers and statuses as the controllers. Anything else (HEAD, unusual or
 * invalid parameters) goes on to Nest, which validates and answers it.
 */
export class ReadLane implements OnModuleInit, OnModuleDestroy {
  private readonly reads: Map<string, LaneRead>;

  constructor(
    private readonly entry: ReadLaneEntry,
    answers: ReadAnswers,
    private readonly logger: Logger,
  ) {
    const param = (request: FastifyRequest) => (request.params as { id: string }).id;
    const query = (request: FastifyRequest) => request.query as Query;
    this.reads = new Map<string, LaneRead>([
      [
        '/divisions/:id/leaderboard',
        (request, reply) => {
          const q = leaderboardQuery(query(request));
          return q && answers.leaderboard(param(request), q.top, q, reply);
        },
      ],
      [
        '/divisions/:id/stats',
        (request, reply) => {
          const options = readOptions(query(request));
          return options && answers.stats(param(request), options, reply);
        },
      ],
      [
        '/athletes/:id',
        (request, reply) => {
          const options = readOptions(query(request));
          return options && answers.athlete(param(request), options, reply);
        },
      ],
      [
        '/rankings',
        (request, reply) => {
          const q = rankingsQuery(query(request));
          return q && answers.rankings(q, reply);
        },
      ],
    ]);
  }

  onModuleInit(): void {
    this.entry.open(this);
  }

  onModuleDestroy(): void {
    this.entry.close();
  }

  /** True when the lane took the request (it then sends the answer). */
  take(request: FastifyRequest, reply: FastifyReply): boolean {
    if (request.method !== 'GET') return false;
    const pending = this.reads.get(request.routeOptions.url ?? '')?.(request, reply);
    if (!pending) return false;
    void pending.then(
      (answer) => void reply.send(cacheableAnswer(request, reply, answer)),
      (error: unknown) => sendReadError(reply, error, this.logger),
    );
    return true;
  }
}

/**
 * Where the lane joins Fastify: an onRequest hook added before Nest registers its
 * middleware (hooks run in the order added), so a request the lane answers costs none of
 * it. Requests arriving before the lane is open simply go to Nest.
 */
export class ReadLaneEntry {
  private lane: ReadLane | null = null;

  install(fastify: FastifyInstance): void {
    fastify.addHook('onRequest', (request, reply, done) => {
      if (!this.lane?.take(request, reply)) done();
    });
  }

  open(lane: ReadLane): void {
    this.lane = lane;
  }

  close(): void {
    this.lane = null;
  }
}

/** The lane with the entry installed on the app's Fastify instance and the service's logger. */
export function readLaneProviders(entry: ReadLaneEntry, logger: Logger): Provider[] {
  return [
    { provide: ReadLaneEntry, useValue: entry },
    {
      provide: ReadLane,
      inject: [ReadLaneEntry, ReadAnswers],
      useFactory: (laneEntry: ReadLaneEntry, answers: ReadAnswers) => new ReadLane(laneEntry, answers, logger),
    },
  ];
}
