import type { Socket } from 'node:net';
import { CommandApi, KEYS } from '../../test/command-api';
import { openSocket, readUntilClosed, requestLine } from '../../test/raw-http';

/** Clients that hold sockets open: stalled bodies and headers, too many connections from one address. */
describe('write API request limits', () => {
  let api: CommandApi;
  const sockets: Socket[] = [];
  const open = async () => {
    const socket = await openSocket(api.url);
    sockets.push(socket);
    return socket;
  };

  beforeAll(async () => {
    api = await CommandApi.start({
      COMMAND_HEADERS_TIMEOUT_MS: '400',
      COMMAND_REQUEST_TIMEOUT_MS: '800',
      COMMAND_MAX_CONNECTIONS_PER_ADDRESS: '4',
    });
    await api.givenDivision('limits');
  });
  afterEach(() => {
    for (const socket of sockets.splice(0)) socket.destroy();
  });
  afterAll(() => api.stop());

  it('answers a body that stalls after a few bytes with 408 in the error shape, closes its socket and writes nothing', async () => {
    const before = await api.snapshot();
    const socket = await open();
    const head = requestLine('POST', '/divisions', {
      authorization: `Bearer ${KEYS.writer}`,
      'content-type': 'application/json',
      'content-length': '40',
    });
    socket.write(`${head}{"id":"stall`);
    const exchange = await readUntilClosed(socket, 10_000);
    expect(exchange.status).toBe(408);
    expect(exchange.body).toEqual({
      statusCode: 408,
      error: 'Request Timeout',
      message: expect.stringMatching(/not received in time/),
    });
    expect(exchange.closed).toBe(true);
    expect(exchange.elapsedMs).toBeGreaterThanOrEqual(700);
    expect(exchange.elapsedMs).toBeLessThan(5000);
    expect(await api.snapshot()).toEqual(before);
  });

  it('answers headers that never finish with 408 and closes the socket', async () => {
    const socket = await open();
    socket.write('POST /divisions HTTP/1.1\r\nHost: localhost\r\nX-Slow: ');
    const exchange = await readUntilClosed(socket, 10_000);
    expect(exchange.status).toBe(408);
    expect(exchange.closed).toBe(true);
  });

  it('refuses requests on connections beyond the bound per address with 429, and accepts again once one closes', async () => {
    // The fetch connections of earlier requests count too: let them go idle and close first.
    await waitFor(async () => (await api.openConnections()) === 0);
    const held = await Promise.all([open(), open(), open(), open()]);
    // Each held connection is in use (a keep-alive request answered 200), so all four are open.
    for (const socket of held) {
      socket.write(requestLine('GET', '/health', {}));
      const answer = await new Promise<string>((resolve) => socket.once('data', (chunk: Buffer) => resolve(chunk.toString())));
      expect(answer).toMatch(/^HTTP\/1\.1 200/);
    }
    const extra = await open();
    const before = await api.snapshot();
    extra.write(
      requestLine(
        'POST',
        '/divisions',
        { authorization: `Bearer ${KEYS.writer}`, 'content-type': 'application/json' },
        '{"id":"extra","name":"Extra"}',
      ),
    );
    const refused = await readUntilClosed(extra, 5000);
    expect(refused.status).toBe(429);
    expect(refused.body).toEqual({
      statusCode: 429,
      error: 'Too Many Requests',
      message: expect.stringMatching(/Too many open connections/),
    });
    expect(refused.closed).toBe(true);
    expect(await api.snapshot()).toEqual(before);

    held[0].destroy();
    await waitFor(async () => (await fetch(`${api.url}/health`)).status === 200);
  });
});

async function waitFor(condition: () => Promise<boolean>): Promise<void> {
  for (let attempt = 0; attempt < 100; attempt++) {
    if (await condition().catch(() => false)) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('condition not met within 5 s');
}
