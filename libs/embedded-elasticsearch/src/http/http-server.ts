import http from 'node:http';
import { AddressInfo } from 'node:net';
import zlib from 'node:zlib';
import { EsError, toEsError } from '../errors';
import { EsRequest, EsResponse } from './es-request';
import { filterPath } from './filter-path';
import { Router, checkParams } from './router';

export interface Logger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

const JSON_TYPE = 'application/json; charset=UTF-8';
const VENDOR_JSON = 'application/vnd.elasticsearch+json;compatible-with=9';
/** The request content types ES 9 accepts (REST compatibility with 8 included). */
const ACCEPTED_TYPES = /^application\/(json|x-ndjson|vnd\.elasticsearch\+(json|x-ndjson)\s*;\s*compatible-with\s*=\s*(8|9))\b/i;

export const DEFAULT_MAX_BODY_BYTES = 100 * 1024 * 1024; // ES http.max_content_length

/**
 * The HTTP face: reads the body (size-capped, gzip-aware), routes, and writes every
 * answer with `x-elastic-product: Elasticsearch`, which the 9.x client checks. Any
 * failure becomes an ES-shaped error; nothing a client sends can crash the process.
 */
export function createHttpServer(router: Router, logger: Logger | undefined, maxBodyBytes: number): http.Server {
  const server = http.createServer((req, res) => {
    handle(router, req, res, maxBodyBytes).catch((error: unknown) => {
      logger?.error({ err: error }, 'embedded elasticsearch: unexpected failure writing a response');
      if (!res.headersSent) send(res, req, { status: 500, body: toEsError(error).toBody() });
      else res.destroy();
    });
  });
  server.keepAliveTimeout = 60_000;
  return server;
}

async function handle(router: Router, req: http.IncomingMessage, res: http.ServerResponse, maxBodyBytes: number): Promise<void> {
  let response: EsResponse;
  let filter: string | null = null;
  try {
    checkContentType(req);
    const body = await readBody(req, maxBodyBytes);
    const url = new URL(req.url ?? '/', 'http://localhost');
    filter = url.searchParams.get('filter_path');
    const method = (req.method ?? 'GET').toUpperCase();
    const { route, params } = router.match(method, url.pathname);
    const esReq = new EsRequest(method, url.pathname, params, url.searchParams, body);
    checkParams(route, esReq);
    response = await route.handler(esReq);
  } catch (error) {
    const esError = toEsError(error);
    response = { status: esError.status, body: esError.toBody() };
  }
  if (filter && response.body !== undefined && response.text === undefined) response = { ...response, body: filterPath(response.body, filter) };
  send(res, req, response);
}

function checkContentType(req: http.IncomingMessage): void {
  const type = req.headers['content-type'];
  if (type === undefined || ACCEPTED_TYPES.test(type)) return;
  if (/compatible-with/i.test(type)) {
    throw new EsError(400, 'media_type_header_exception', `Invalid media-type value on headers [Content-Type, Accept]`, {}, {
      type: 'status_exception',
      reason: `A compatible version is required on both Content-Type and Accept headers if either one has requested a compatible version. Accept=${req.headers.accept}, Content-Type=${type}`,
    });
  }
  throw new EsError(406, 'content_type_not_supported', `Content-Type header [${type}] is not supported`, {}, undefined, {
    error: `Content-Type header [${type}] is not supported`,
  });
}

/** Reads at most `max` bytes; beyond that the rest is drained and the request refused with 413. */
function readBody(req: http.IncomingMessage, max: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > max) tooLarge = true;
      if (!tooLarge) chunks.push(chunk);
    });
    req.on('error', reject);
    req.on('end', () => {
      if (tooLarge) return reject(tooLargeError(size, max));
      const raw = Buffer.concat(chunks);
      const encoding = String(req.headers['content-encoding'] ?? '').toLowerCase();
      if (!encoding || encoding === 'identity') return resolve(raw);
      try {
        if (encoding.includes('gzip')) return resolve(zlib.gunzipSync(raw, { maxOutputLength: max }));
        if (encoding.includes('deflate')) return resolve(zlib.inflateSync(raw, { maxOutputLength: max }));
      } catch (e) {
        const limit = e instanceof RangeError || (e as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE';
        return reject(limit ? tooLargeError(size, max) : new EsError(400, 'parse_exception', `failed to decompress request body: ${(e as Error).message}`));
      }
      reject(new EsError(400, 'illegal_argument_exception', `unsupported Content-Encoding [${encoding}]`));
    });
  });
}

const tooLargeError = (size: number, max: number) =>
  new EsError(413, 'content_too_long_exception', `request body is too large: [${size}] bytes, maximum is [${max}] bytes`);

function send(res: http.ServerResponse, req: http.IncomingMessage, response: EsResponse): void {
  const vendored = /vnd\.elasticsearch/i.test(String(req.headers.accept ?? '') + String(req.headers['content-type'] ?? ''));
  const payload = response.text ?? (response.body === undefined ? '' : JSON.stringify(response.body));
  const headers: http.OutgoingHttpHeaders = {
    'x-elastic-product': 'Elasticsearch',
    'content-type': response.text !== undefined ? 'text/plain; charset=UTF-8' : vendored ? VENDOR_JSON : JSON_TYPE,
    'content-length': Buffer.byteLength(payload),
  };
  res.writeHead(response.status, headers);
  // HEAD answers carry the status only (the client maps 2xx -> true, 404 -> false).
  res.end(req.method === 'HEAD' ? undefined : payload);
}

export function boundPort(server: http.Server): number {
  return (server.address() as AddressInfo).port;
}
