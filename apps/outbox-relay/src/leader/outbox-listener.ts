import type { Client } from 'pg';
import type { WakeSignal } from './wake-signal';

/** The channel the outbox trigger notifies once per inserting statement, at commit. */
export const OUTBOX_CHANNEL = 'outbox_events';

/**
 * LISTENs on the leader's own session: only the leader needs waking, and the
 * notifications stop with the session, exactly when the leader stops publishing.
 */
export async function listenForOutboxWrites(db: Client, wake: WakeSignal): Promise<void> {
  db.on('notification', (message) => {
    if (message.channel === OUTBOX_CHANNEL) wake.notify();
  });
  await db.query(`LISTEN ${OUTBOX_CHANNEL}`);
}
