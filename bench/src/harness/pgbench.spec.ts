import { parsePgbenchOutput } from './pgbench';

describe('parsePgbenchOutput', () => {
  it('reads tps, processed and failed transactions from pgbench 15 output', () => {
    const output = [
      'transaction type: /tmp/transaction.sql',
      'number of clients: 16',
      'number of transactions actually processed: 12345',
      'number of failed transactions: 2 (0.016%)',
      'latency average = 3.2 ms',
      'tps = 4115.123456 (without initial connection time)',
    ].join('\n');
    expect(parsePgbenchOutput(output)).toEqual({ tps: 4115.123456, transactions: 12345, failed: 2 });
  });

  it('refuses output without a result instead of reporting zero', () => {
    expect(() => parsePgbenchOutput('pgbench: error: connection to server failed')).toThrow(/printed no result/);
  });
});
