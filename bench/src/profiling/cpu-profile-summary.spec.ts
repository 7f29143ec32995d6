import { areaOf, CpuProfile, summarizeCpuProfile } from './cpu-profile-summary';

const frame = (functionName: string, url = '', lineNumber = 0) => ({ functionName, url, lineNumber });

const profile: CpuProfile = {
  nodes: [
    { id: 1, callFrame: frame('(root)') },
    { id: 2, callFrame: frame('(idle)') },
    { id: 3, callFrame: frame('recordResult', 'file:///work/main/dist/apps/match-command/src/record-result.handler.js', 9) },
    { id: 4, callFrame: frame('parse', 'file:///work/main/node_modules/pg-protocol/dist/parser.js', 40) },
    { id: 5, callFrame: frame('(garbage collector)') },
    { id: 6, callFrame: frame('writeGeneric', 'node:internal/stream_base_commons', 150) },
  ],
  // sample i lasts timeDeltas[i + 1] µs.
  samples: [2, 3, 4, 4, 5, 6, 2],
  timeDeltas: [0, 10_000, 1000, 2000, 2000, 1000, 4000],
  startTime: 0,
  endTime: 20_000,
};

describe('summarizeCpuProfile', () => {
  it('ranks frames by self time and leaves idle time out of the total', () => {
    const summary = summarizeCpuProfile(profile);
    expect(summary.totalMs).toBe(10);
    expect(summary.busyPercent).toBe(50);
    expect(summary.topFrames[0]).toEqual({ frame: 'parse pg-protocol/dist/parser.js:41', selfMs: 4, percent: 40 });
    expect(summary.topFrames.map((f) => f.frame)).toContain('recordResult apps/match-command/src/record-result.handler.js:10');
    expect(summary.topFrames.map((f) => f.frame)).not.toContain('(idle)');
  });

  it('groups time by where the code lives', () => {
    const areas = Object.fromEntries(summarizeCpuProfile(profile).byArea.map((a) => [a.area, a.percent]));
    expect(areas).toEqual({ 'pkg:pg-protocol': 40, '(garbage collector)': 10, app: 10, node: 40 });
  });

  it('falls back to hit counts when the profile has no time deltas', () => {
    const summary = summarizeCpuProfile({
      nodes: [
        { id: 1, callFrame: frame('a', '/x/a.js'), hitCount: 3 },
        { id: 2, callFrame: frame('b', '/x/b.js'), hitCount: 1 },
      ],
      startTime: 0,
      endTime: 4000,
    });
    expect(summary.topFrames.map((f) => [f.frame, f.selfMs])).toEqual([
      ['a /x/a.js:1', 3],
      ['b /x/b.js:1', 1],
    ]);
  });
});

describe('areaOf', () => {
  it('names scoped packages whole', () => {
    expect(areaOf('file:///r/node_modules/@nestjs/core/router.js', 'f')).toBe('pkg:@nestjs/core');
    expect(areaOf('', '(program)')).toBe('(program)');
  });
});
