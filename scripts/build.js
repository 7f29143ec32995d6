#!/usr/bin/env node
// Compiles apps/, libs/ and bench/ to dist/ with SWC (a second or two; type-checking is
// `npm run typecheck`, run by CI). The @app/* path aliases are rewritten to relative
// paths at compile time, so the output runs on plain node with no loader. --copy-files
// brings along what is not compiled (the rankings page's HTML).
const { execFileSync } = require('node:child_process');
const { existsSync } = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const dirs = ['apps', 'libs', 'bench'].filter((d) => existsSync(path.join(root, d)));
const swc = path.join(root, 'node_modules', '.bin', 'swc');
execFileSync(
  swc,
  [...dirs, '-d', 'dist', '--config-file', '.swcrc', '--ignore', '**/*.spec.ts,**/*.int-spec.ts,**/*.e2e-spec.ts', '--quiet', '--copy-files'],
  { cwd: root, stdio: 'inherit' },
);
