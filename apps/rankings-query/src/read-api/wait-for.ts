import { HttpException, HttpStatus, Injectable } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { TooManyWaitersError } from '@app/cache';
import { EventWaitersService } from './event-waiters.provider';

export const STALE_HEADER = 'X-Projection-Stale';
export const DEFAULT_WAIT_MS = 2000;

/**
 * Read-your-own-writes (CONTRACT §4): waits until the projections serving a read have
 * stored an event, without polling: one marker read, then the process's subscription
 * wakes the request. The markers live in Redis beside the division's data, so any query
 * instance can answer for any projector instance.
 */
@Injectable()
export class WaitForEvent {
  constructor(private readonly service: EventWaitersService) {}

  /**
   * Honours `waitFor` before a read: returns when every projection in `projections` has
   * stored the event, or marks the response stale once `waitMs` ran out. `divisionId` is
   * the read's division (null when not known yet, e.g. an athlete not projected yet).
   * Beyond the waiter cap: 503 with Retry-After.
   */
  async beforeRead(
    projections: string[],
    divisionId: string | null,
    options: { waitFor?: string; waitMs?: number },
    reply: FastifyReply,
  ): Promise<void> {
    if (!options.waitFor) return;
    const deadline = Date.now() + (options.waitMs ?? DEFAULT_WAIT_MS);
    for (const projection of projections) {
      const applied = await this.wait(projection, divisionId, options.waitFor, Math.max(0, deadline - Date.now()), reply);
      if (!applied) {
        void reply.header(STALE_HEADER, 'true');
        return;
      }
    }
  }

  private async wait(projection: string, divisionId: string | null, eventId: string, waitMs: number, reply: FastifyReply): Promise<boolean> {
    try {
      return await this.service.waiters.waitFor(projection, divisionId, eventId, waitMs);
    } catch (error) {
      if (!(error instanceof TooManyWaitersError)) throw error;
      void reply.header('Retry-After', String(error.retryAfterSeconds));
      throw new HttpException(
        { statusCode: HttpStatus.SERVICE_UNAVAILABLE, error: 'Service Unavailable', message: error.message },
        HttpStatus.SERVICE_UNAVAILABLE,
      );
    }
  }
}
