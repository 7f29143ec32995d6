import type { Change } from './outbox-writer';

/**
 * Creates something whose id the client may send again (a retry, or many at once).
 *
 * The decision is taken on the stored state, then the insert is guarded by the primary
 * key (`ON CONFLICT DO NOTHING`), not by the earlier read: if a concurrent request
 * inserted the same id in between, the insert does nothing (after waiting for that
 * request to commit), and we decide again on what it stored: an identical request is a
 * replay with the original answer, a different one a conflict.
 */
export async function insertOnce<State, R>(steps: {
  load: () => Promise<State>;
  decide: (state: State) => Change<R>;
  insert: () => Promise<boolean>;
}): Promise<Change<R>> {
  const change = steps.decide(await steps.load());
  if (change.kind === 'replayed' || (await steps.insert())) return change;
  const settled = steps.decide(await steps.load());
  if (settled.kind === 'applied') throw new Error('insert conflicted but no existing row was found');
  return settled;
}
