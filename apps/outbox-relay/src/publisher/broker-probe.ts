import { connect } from 'node:net';

/**
 * Whether any broker accepts a TCP connection within `timeoutMs`. Used while the relay is
 * idle, when no publish would reveal an outage; while publishing, the publish outcome is
 * the verdict. Deliberately not a kafkajs call: its request retries take seconds to give
 * up, and /health must turn quickly.
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

function probeOne(broker: string, timeoutMs: number): Promise<string | null> {
  const at = broker.lastIndexOf(':');
  const host = broker.slice(0, at);
  const port = Number(broker.slice(at + 1));
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const finish = (reason: string | null) => {
      socket.destroy();
      resolve(reason);
    };
    socket.setTimeout(timeoutMs, () => finish(`no answer within ${timeoutMs} ms`));
    socket.once('connect', () => finish(null));
    socket.once('error', (error: NodeJS.ErrnoException) => finish(error.code ?? error.message));
  });
}
