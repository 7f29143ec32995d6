import { connect } from 'node:net';

/**
 * Whether any broker answers a Kafka request within `timeoutMs`. Used while the relay is
 * idle, when no publish would reveal an outage; while publishing, the publish outcome is
 * the verdict. A TCP connect alone is not enough: a hung broker (SIGSTOP, a stalled disk)
 * still has its socket accepted by the kernel. So the probe sends ApiVersions v0, the
 * request every client starts with and any broker answers, and waits for the reply's
 * length prefix. Deliberately not a kafkajs call: its retries take seconds to give up,
 * and /health must turn quickly.
 */
export async function probeBrokers(brokers: string[], timeoutMs = 1000): Promise<{ ok: boolean; reason?: string }> {
  const reasons: string[] = [];
  for (const broker of brokers) {
    const reason = await probeOne(broker, timeoutMs);
    if (reason === null) return { ok: true };
    reasons.push(`${broker} ${reason}`);
  }
  return { ok: false, reason: `broker unreachable (${reasons.join('; ')})` };
}

const API_VERSIONS_KEY = 18;
const CLIENT_ID = Buffer.from('outbox-relay-probe');

/** ApiVersions v0: size, api key, api version, correlation id, client id. */
function apiVersionsRequest(): Buffer {
  const body = Buffer.alloc(2 + 2 + 4 + 2 + CLIENT_ID.length);
  body.writeInt16BE(API_VERSIONS_KEY, 0);
  body.writeInt16BE(0, 2);
  body.writeInt32BE(1, 4);
  body.writeInt16BE(CLIENT_ID.length, 8);
  CLIENT_ID.copy(body, 10);
  const size = Buffer.alloc(4);
  size.writeInt32BE(body.length, 0);
  return Buffer.concat([size, body]);
}

function probeOne(broker: string, timeoutMs: number): Promise<string | null> {
  const at = broker.lastIndexOf(':');
  const host = broker.slice(0, at);
  const port = Number(broker.slice(at + 1));
  return new Promise((resolve) => {
    let connected = false;
    let received = 0;
    const socket = connect({ host, port });
    const finish = (reason: string | null) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(reason);
    };
    const timer = setTimeout(
      () => finish(connected ? `accepts connections but answers no request within ${timeoutMs} ms (hung?)` : `no answer within ${timeoutMs} ms`),
      timeoutMs,
    );
    socket.once('connect', () => {
      connected = true;
      socket.write(apiVersionsRequest());
    });
    socket.on('data', (chunk: Buffer) => {
      received += chunk.length;
      if (received >= 8) finish(null); // length prefix + correlation id: the broker is answering
    });
    socket.once('close', () => finish(received > 0 ? null : 'closed the connection'));
    socket.once('error', (error: NodeJS.ErrnoException) => finish(error.code ?? error.message));
  });
}
