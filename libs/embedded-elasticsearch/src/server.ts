import { once } from 'node:events';
import { analyzeRoutes } from './api/analyze-api';
import { aliasRoutes } from './api/alias-api';
import { bulkRoutes } from './api/bulk-api';
import { catRoutes } from './api/cat-api';
import { clusterRoutes } from './api/cluster-api';
import { documentRoutes } from './api/document-api';
import { indicesRoutes } from './api/indices-api';
import { msearchRoutes } from './api/msearch-api';
import { searchRoutes } from './api/search-api';
import { DEFAULT_MAX_BODY_BYTES, Logger, boundPort, createHttpServer } from './http/http-server';
import { Router } from './http/router';
import { Cluster } from './store/cluster';
import { openDataDir } from './store/persistence/data-dir';

export interface EmbeddedElasticsearchOptions {
  /** 0 = an ephemeral port (tests); default 9200. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Directory for persistence; unset = memory only. */
  dataDir?: string;
  /** Periodic refresh (near-real-time visibility), default 1000 ms. */
  refreshIntervalMs?: number;
  /** A pino-like logger; silent when absent. */
  logger?: Logger;
  /** Request body cap (ES http.max_content_length), default 100 MB -> 413 above it. */
  maxBodyBytes?: number;
}

export interface EmbeddedElasticsearch {
  /** http://<host>:<boundPort> */
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

export function buildRouter(cluster: Cluster): Router {
  const router = new Router();
  // Literal routes before `{index}` ones, so `/_cat/indices` is never read as an index name.
  router.add(...clusterRoutes(cluster), ...catRoutes(cluster), ...aliasRoutes(cluster), ...bulkRoutes(cluster));
  router.add(...searchRoutes(cluster), ...msearchRoutes(cluster), ...analyzeRoutes(cluster), ...documentRoutes(cluster), ...indicesRoutes(cluster));
  return router;
}

/** Starts the stand-in: loads `dataDir` (if any), listens, and refreshes every interval. */
export async function startEmbeddedElasticsearch(options: EmbeddedElasticsearchOptions = {}): Promise<EmbeddedElasticsearch> {
  const host = options.host ?? '127.0.0.1';
  const storage = options.dataDir ? openDataDir(options.dataDir, options.logger) : undefined;
  const cluster = new Cluster(storage);
  storage?.load(cluster);
  const server = createHttpServer(buildRouter(cluster), options.logger, options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES);
  server.listen(options.port ?? 9200, host);
  await once(server, 'listening');
  const timer = setInterval(() => cluster.refreshAll(), options.refreshIntervalMs ?? 1000);
  timer.unref();
  const port = boundPort(server);
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  options.logger?.info({ url, dataDir: options.dataDir ?? null }, 'embedded elasticsearch listening');
  let closing: Promise<void> | undefined;
  return {
    url,
    port,
    close() {
      closing ??= (async () => {
        clearInterval(timer);
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
        cluster.close();
        storage?.close();
      })();
      return closing;
    },
  };
}
