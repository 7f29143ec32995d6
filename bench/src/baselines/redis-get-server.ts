/**
 * The read baseline: a bare node:http server answering every request with one Redis GET
 * of a prepared key (a real leaderboard body). Nothing of the service's stack (routing,
 * validation, JSON building, logging) is in its path, so it is the ceiling a read on this
 * machine, this Node and this Redis can reach. Run as its own process like the service.
 */
import http from 'node:http';
import { Redis } from 'ioredis';

const port = Number(process.env.BENCH_BASELINE_PORT);
const key = process.env.BENCH_BASELINE_KEY ?? '';
const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');

const server = http.createServer((req, res) => {
  redis.get(key).then(
    (body) => {
      const payload = body ?? '{}';
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(payload) });
      res.end(payload);
    },
    () => {
      res.writeHead(503);
      res.end();
    },
  );
});
server.keepAliveTimeout = 60_000;
server.listen(port, '127.0.0.1');

const stop = () => {
  server.close();
  redis.disconnect();
  process.exit(0);
};
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
