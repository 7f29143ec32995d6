import path from 'node:path';
import { runMemoryBench } from './memory-bench';

/**
 * Stand-in only, on the compiled broker (build first, as `npm test` does): bounded memory
 * with the log on disk, and every acknowledged message back after kill -9. The 5M-message
 * run is the same code: `node dist/libs/embedded-kafka/src/bench/memory-bench.js 5000000`.
 */
describe('embedded kafka memory and durability', () => {
  it('keeps RSS bounded with the log on disk and every acknowledged message after kill -9', async () => {
    const main = path.resolve(__dirname, '../../../../dist/libs/embedded-kafka/src/main.js');
    const result = await runMemoryBench({ messages: 30_000, main });
    process.stdout.write(`embedded kafka memory: ${JSON.stringify(result)}\n`);
    expect(result.acknowledged).toBe(30_000);
    expect(result.missing).toBe(0);
    expect(result.logBytes).toBeGreaterThan(30_000 * 500);
    expect(result.peakRssAfterRestartMiB).toBeLessThan(300);
    expect(result.peakRssMiB).toBeLessThan(300);
  });
});
