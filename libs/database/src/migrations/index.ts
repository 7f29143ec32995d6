import { InitialSchema1732350000000 } from './1732350000000-initial-schema';
import { OpsReindexRuns1732360000000 } from './1732360000000-ops-reindex-runs';
import { OutboxPayloadText1732370000000 } from './1732370000000-outbox-payload-text';
import { OutboxNoNotify1732380000000 } from './1732380000000-outbox-no-notify';
import { OutboxCheckpoint1732390000000 } from './1732390000000-outbox-checkpoint';

/** Every migration, oldest first. New migrations are appended here. */
export const migrations = [
  InitialSchema1732350000000,
  OpsReindexRuns1732360000000,
  OutboxPayloadText1732370000000,
  OutboxNoNotify1732380000000,
  OutboxCheckpoint1732390000000,
];
