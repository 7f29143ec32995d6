/**
 * The SSE baseline: a bare node:http server holding the streams of one channel and
 * writing each Redis message it receives straight to every open stream (no read, no
 * framework). It is the floor for "a change reaches N subscribers" on this machine: the
 * service adds one leaderboard read per change and the JSON per `top` on top of it.
 */
import http from 'node:http';
import { Redis } from 'ioredis';

const port = Number(process.env.BENCH_BASELINE_PORT);
const channel = process.env.BENCH_BASELINE_CHANNEL ?? '';
const subscriber = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
const streams = new Set<http.ServerResponse>();

subscriber.on('message', (_channel: string, message: string) => {
  const { version } = JSON.parse(message) as { version: number };
  // Encoded once, the same bytes to every stream, as the service does: the floor is the writes.
  const chunk = Buffer.from(`event: leaderboard\nid: ${version}\ndata: ${message}\n\n`);
  for (const stream of streams) stream.write(chunk);
});
void subscriber.subscribe(channel);

const server = http.createServer((req, res) => {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  res.write(`event: leaderboard\nid: 0\ndata: {}\n\n`);
  streams.add(res);
  res.on('close', () => streams.delete(res));
});
server.listen(port, '127.0.0.1');

const stop = () => {
  streams.forEach((s) => s.end());
  server.close();
  subscriber.disconnect();
  process.exit(0);
};
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
