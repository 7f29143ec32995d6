import { API_TABLE, API_VERSIONS_KEY, encodeApiVersions } from '../apis/api-table';
import { RequestContext } from '../apis/handler';
import { Broker } from '../broker';
import { ErrorCode } from '../protocol/error-codes';
import { ProtocolError, Reader } from '../protocol/reader';
import { readRequestHeader } from '../protocol/request-header';
import { Writer } from '../protocol/writer';

export interface ConnectionInfo {
  id: number;
  advertisedHost: string;
  advertisedPort: number;
  clientHost: string;
}

/** Response frame: int32 size, int32 correlation id (header v0), then the body's buffers. */
function frame(correlationId: number, body: Writer): Buffer[] {
  const head = Buffer.allocUnsafe(8);
  head.writeInt32BE(body.length + 4, 0);
  head.writeInt32BE(correlationId, 4);
  return [head, ...body.toBuffers()];
}

/**
 * Decodes one request frame and runs its handler. Returns the response frame, null when
 * the request gets none, or throws ProtocolError when the connection must be closed
 * (unknown API, unsupported version, malformed body: Kafka itself closes on these).
 */
export function dispatch(broker: Broker, payload: Buffer, conn: ConnectionInfo): Buffer[] | null | Promise<Buffer[] | null> {
  const body = new Reader(payload);
  const header = readRequestHeader(body);
  const spec = API_TABLE.get(header.apiKey);
  if (!spec) throw new ProtocolError(`unknown api key ${header.apiKey}`);
  if (header.apiVersion < spec.minVersion || header.apiVersion > spec.maxVersion) {
    if (header.apiKey === API_VERSIONS_KEY) return frame(header.correlationId, encodeApiVersions(0, ErrorCode.UNSUPPORTED_VERSION));
    throw new ProtocolError(`${spec.name} v${header.apiVersion} unsupported (only v${spec.minVersion}-${spec.maxVersion})`);
  }
  const ctx: RequestContext = { header, body, connectionId: conn.id, advertisedHost: conn.advertisedHost, advertisedPort: conn.advertisedPort, clientHost: conn.clientHost };
  const result = spec.handle(broker, ctx);
  if (result instanceof Promise) return result.then((w) => (w ? frame(header.correlationId, w) : null));
  return result ? frame(header.correlationId, result) : null;
}
