/**
 * Live writers cache their write targets (ES building alias, Redis building generation)
 * for a short time. After registering a build target, the snapshot must not start before
 * every writer has re-read its targets: an event committed after the snapshot read is
 * then certain to reach the new target through the live path.
 */
export async function waitForWritersToSee(cacheMs: number): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, cacheMs * 2 + 250));
}
