import { HttpResponse, request } from '../harness/http-client';

/**
 * Waits (through the read API's own `waitFor`) until both projections have stored the
 * event: the Redis one behind /divisions/:id/stats, the Elasticsearch one behind /rankings.
 */
export async function waitForProjections(
  queryUrl: string,
  divisionId: string,
  eventId: string,
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const paths = [
    `/divisions/${divisionId}/stats?waitFor=${eventId}&waitMs=10000`,
    `/rankings?divisionId=${divisionId}&size=1&waitFor=${eventId}&waitMs=10000`,
  ];
  for (const path of paths) {
    let last = '';
    for (;;) {
      if (Date.now() > deadline)
        throw new Error(`projections did not apply event ${eventId} within ${timeoutMs} ms (last: ${last})`);
      const response = await request('GET', `${queryUrl}${path}`, { timeoutMs: 15_000 }).catch((e: Error): HttpResponse => ({
        status: 0,
        headers: {},
        body: e.message,
      }));
      if (response.status === 200 && !response.headers['x-projection-stale']) break;
      last = `${response.status} ${response.body.slice(0, 200)}`;
    }
  }
}
