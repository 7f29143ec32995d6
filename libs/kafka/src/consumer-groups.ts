/**
 * `<topic>.rankings-<projection>`: one consumer group, hence one checkpoint, per store.
 * The projector consumes with it; freshness reads its committed offsets.
 */
export function projectorGroupId(topic: string, projection: string): string {
  return `${topic}.rankings-${projection}`;
}
