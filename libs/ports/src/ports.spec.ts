import net from 'node:net';
import { canConnect, freePort, waitForPort } from './ports';

describe('port helpers', () => {
  it('finds a port nothing listens on, and sees it once something does', async () => {
    const port = await freePort();
    expect(await canConnect(port)).toBe(false);
    const server = net.createServer().listen(port, '127.0.0.1');
    try {
      await waitForPort(port, 5_000);
      expect(await canConnect(port)).toBe(true);
    } finally {
      server.close();
    }
  });

  it('gives up at the deadline, naming the port', async () => {
    const port = await freePort();
    await expect(waitForPort(port, 200)).rejects.toThrow(`nothing listens on 127.0.0.1:${port} after 200 ms`);
  });
});
