import { readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * ops runs from the built output, without the build toolchain (the runtime image has
 * neither scripts/build.js's SWC nor dev dependencies): a `bin` entry for the compiled
 * entry point, a shebang so it runs as a program, and the image linking it as `ops`.
 */
const ROOT = path.resolve(__dirname, '../../..');
const pkg = JSON.parse(readFileSync(`${ROOT}/package.json`, 'utf8')) as { bin?: Record<string, string> };

describe('the ops entry point', () => {
  it('is the compiled main.ts, declared as a bin and run by node through its shebang', () => {
    expect(pkg.bin).toEqual({ 'rankings-ops': 'dist/apps/ops/src/main.js' });
    expect(readFileSync(`${ROOT}/apps/ops/src/main.ts`, 'utf8').split('\n')[0]).toBe('#!/usr/bin/env node');
  });

  it('is linked as `ops` in the runtime image, from the stage that has no build tools', () => {
    const dockerfile = readFileSync(`${ROOT}/Dockerfile`, 'utf8');
    const runtime = dockerfile.slice(dockerfile.lastIndexOf('FROM '));
    expect(runtime).toMatch(/ln -s \/app\/dist\/apps\/ops\/src\/main\.js \/usr\/local\/bin\/ops/);
    expect(runtime).not.toMatch(/npm run|swc/);
  });
});
