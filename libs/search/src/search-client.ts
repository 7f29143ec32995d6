import { Client } from '@elastic/elasticsearch';

export interface SearchClientOptions {
  url: string;
  /** The 9.x client has no default timeout: without one a hung server hangs the caller. */
  requestTimeoutMs: number;
}

/**
 * An Elasticsearch client whose every request is bounded in time. The client's own
 * retries are off: callers (the projector's retry/breaker policy, the read API's 503)
 * decide what a failure means, and a hidden retry loop would only multiply the wait.
 */
export function createSearchClient({ url, requestTimeoutMs }: SearchClientOptions): Client {
  return new Client({ node: url, requestTimeout: requestTimeoutMs, maxRetries: 0, compression: false });
}
