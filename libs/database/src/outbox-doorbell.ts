/**
 * The Postgres channel a writer notifies after it committed outbox rows, so the relay reads
 * at once instead of at its next poll. A hint only: the payload is empty, a lost or late
 * notification costs at most one poll interval (the relay keeps polling), and the NOTIFY is
 * sent after the write committed, in a statement of its own, so no writing commit waits for
 * the notification queue's cluster-wide lock (the reason a per-row NOTIFY trigger was dropped).
 */
export const OUTBOX_DOORBELL_CHANNEL = 'outbox_doorbell';
