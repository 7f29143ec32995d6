import { Writable } from 'node:stream';
import type { LoggerService } from '@nestjs/common';
import pino from 'pino';
import { logServiceReady, prettyByDefault, StartupQuietLogger } from './logging';

describe('prettyByDefault', () => {
  it('prints readable lines on a terminal outside production', () => {
    expect(prettyByDefault({}, true)).toBe(true);
    expect(prettyByDefault({ NODE_ENV: 'test' }, true)).toBe(true);
  });

  it('writes JSON when piped or in production, for log shippers', () => {
    expect(prettyByDefault({}, false)).toBe(false);
    expect(prettyByDefault({ NODE_ENV: 'production' }, true)).toBe(false);
  });

  it('follows an explicit LOG_FORMAT either way', () => {
    expect(prettyByDefault({ LOG_FORMAT: 'json' }, true)).toBe(false);
    expect(prettyByDefault({ LOG_FORMAT: 'pretty', NODE_ENV: 'production' }, false)).toBe(true);
  });
});

describe('StartupQuietLogger', () => {
  function recording() {
    const calls: Array<[string, unknown[]]> = [];
    const inner: LoggerService = {
      log: (...args: unknown[]) => calls.push(['log', args]),
      error: (...args: unknown[]) => calls.push(['error', args]),
      warn: (...args: unknown[]) => calls.push(['warn', args]),
      debug: (...args: unknown[]) => calls.push(['debug', args]),
    };
    return { calls, logger: new StartupQuietLogger(inner) };
  }

  it("moves Nest's route-mapping and module-wiring lines to debug", () => {
    const { calls, logger } = recording();
    logger.log('Mapped {/rankings, GET} route', 'RouterExplorer');
    logger.log('AppModule dependencies initialized', 'InstanceLoader');
    expect(calls.map(([level]) => level)).toEqual(['debug', 'debug']);
  });

  it('passes every other line on at its own level', () => {
    const { calls, logger } = recording();
    logger.log('projector caught up', 'Projector');
    logger.warn('slow', 'RouterExplorer');
    logger.error('failed', 'stack', 'Projector');
    expect(calls).toEqual([
      ['log', ['projector caught up', 'Projector']],
      ['warn', ['slow', 'RouterExplorer']],
      ['error', ['failed', 'stack', 'Projector']],
    ]);
  });
});

describe('logServiceReady', () => {
  it('logs one line with the URL to open and the docs link', () => {
    const lines: string[] = [];
    const sink = new Writable({ write: (chunk: Buffer, _encoding, done) => (lines.push(chunk.toString()), done()) });
    logServiceReady(pino({ base: undefined }, sink), 'match-command', 3000, '/docs');
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0])).toMatchObject({
      ready: { url: 'http://localhost:3000', docs: 'http://localhost:3000/docs' },
      msg: 'match-command ready at http://localhost:3000 (API docs: http://localhost:3000/docs)',
    });
  });
});
