import { Logger } from '@nestjs/common';
import { OUTBOX_DOORBELL_CHANNEL } from '@app/database';
import { type Queryable, statement } from './database';

const RING = statement('outbox-doorbell', `SELECT pg_notify('${OUTBOX_DOORBELL_CHANNEL}', '')`);

/**
 * Tells the relay that outbox rows were committed (OUTBOX_DOORBELL_CHANNEL). Never awaited by
 * a request and never more than one NOTIFY in flight: rings that arrive meanwhile are folded
 * into one more after it, so a burst of commits costs a few notifications, not one each.
 * A failed ring is only logged: the relay's poll picks the rows up anyway.
 */
export class OutboxDoorbell {
  private readonly logger = new Logger('OutboxDoorbell');
  private ringing = false;
  private again = false;

  constructor(private readonly db: Queryable) {}

  ring(): void {
    if (this.ringing) {
      this.again = true;
      return;
    }
    this.ringing = true;
    this.db
      .query(RING, [])
      .catch((error: Error) => this.logger.debug(`outbox doorbell not rung: ${error.message}`))
      .finally(() => {
        this.ringing = false;
        if (this.again) {
          this.again = false;
          this.ring();
        }
      });
  }
}
