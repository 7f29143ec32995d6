import type { Client } from '@elastic/elasticsearch';

/**
 * A bulk build does not need its documents searchable until the swap: with refresh off
 * the cluster skips a segment refresh per bulk. The live projector's writes to the
 * building index still refresh it themselves, which is harmless.
 */
export async function pauseRefresh(es: Client, index: string): Promise<void> {
  await es.indices.putSettings({ index, settings: { index: { refresh_interval: '-1' } } });
}

/** Back to the cluster default, then one refresh so every document is searchable before the swap. */
export async function restoreRefresh(es: Client, index: string): Promise<void> {
  await es.indices.putSettings({ index, settings: { index: { refresh_interval: '1s' } } });
  await es.indices.refresh({ index });
}

export async function indexExists(es: Client, index: string): Promise<boolean> {
  return es.indices.exists({ index });
}
