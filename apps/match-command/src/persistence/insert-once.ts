import type { AnyEvent } from '@app/contracts';
import type { Change, CommandResult } from '../domain/change';

/**
 * Creates something whose id the client may send again (a retry, or many at once).
 *
 * The decision is taken on the stored state, read without a transaction; the insert is
 * then guarded by the primary key (`ON CONFLICT DO NOTHING`), not by that read. If a
 * concurrent request inserted the same id in between, the insert writes nothing (after
 * waiting for that request to commit) and we decide again on what it stored: an
 * identical request is a replay with the original answer, a different one a conflict.
 */
export async function insertOnce<State, R>(steps: {
  load: () => Promise<State>;
  decide: (state: State) => Change<R>;
  /** Writes the row and `event` together (OutboxWriter.insertWithEvent); false on conflict. */
  insert: (event: AnyEvent) => Promise<boolean>;
}): Promise<CommandResult<R>> {
  const change = steps.decide(await steps.load());
  if (change.kind === 'replayed') return { response: change.response, replayed: true };
  if (await steps.insert(change.event)) return { response: change.response, replayed: false };
  const settled = steps.decide(await steps.load());
  if (settled.kind === 'applied') throw new Error('insert conflicted but no existing row was found');
  return { response: settled.response, replayed: true };
}
