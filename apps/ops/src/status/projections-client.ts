/** One projector as `GET /projections` reports it (CONTRACT §4). */
export interface ProjectionStatus {
  name: string;
  status: 'live' | 'stale' | 'paused' | 'rebuilding';
  lastEventOccurredAt: string | null;
  lastAppliedAt: string | null;
  freshnessLagMs: number;
  breaker: 'closed' | 'open' | 'half-open';
}

export type ProjectionsReport =
  | { reachable: true; url: string; projections: ProjectionStatus[] }
  | { reachable: false; url: string; reason: string };

/**
 * Asks the query service for its projectors' freshness. Unreachable is an answer, not a
 * failure of `status`: a dead query service is exactly what on-call needs to see.
 */
export async function fetchProjections(baseUrl: string, timeoutMs = 2000): Promise<ProjectionsReport> {
  const url = `${baseUrl.replace(/\/$/, '')}/projections`;
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
    if (!response.ok) return { reachable: false, url, reason: `HTTP ${response.status}` };
    const body = (await response.json()) as unknown;
    if (!Array.isArray(body)) return { reachable: false, url, reason: 'unexpected answer (not a list)' };
    return { reachable: true, url, projections: body as ProjectionStatus[] };
  } catch (error) {
    if ((error as Error).name === 'TimeoutError') return { reachable: false, url, reason: `no answer within ${timeoutMs} ms (hung?)` };
    const cause = (error as { cause?: { code?: string } }).cause?.code;
    return { reachable: false, url, reason: cause ?? (error as Error).message };
  }
}
