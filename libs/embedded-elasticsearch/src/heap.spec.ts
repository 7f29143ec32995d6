import { standInHeapMb, standInNodeOptions } from './heap';

const GiB = 1024 ** 3;

describe('the stand-in heap', () => {
  it('is half the machine, between 4 and 8 GiB', () => {
    expect(standInHeapMb(24 * GiB)).toBe(8192);
    expect(standInHeapMb(12 * GiB)).toBe(6144);
    expect(standInHeapMb(4 * GiB)).toBe(4096);
  });

  it('is added, with a larger young generation, to the NODE_OPTIONS the caller had', () => {
    expect(standInNodeOptions(undefined, 24 * GiB)).toBe('--max-old-space-size=8192 --max-semi-space-size=64');
    expect(standInNodeOptions(' --enable-source-maps ', 24 * GiB)).toBe('--enable-source-maps --max-old-space-size=8192 --max-semi-space-size=64');
  });
});
