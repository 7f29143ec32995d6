#!/usr/bin/env node
// Compiles apps/, libs/ and bench/ to dist/ with SWC (a second or two; type-checking is
// `npm run typecheck`, run by CI). The @app/* path aliases are rewritten to relative
// paths at compile time, so the output runs on plain node with no loader. This is the
// whole build: nest-cli.json only maps the monorepo's projects (the Nest CLI is not used).
//
// SWC writes into a scratch directory first; a file of dist/ is replaced only when its
// content changed, by rename (atomic). So a build while services run from dist/ (`npm
// start` in one test while others run compiled processes) never shows them a half-written
// file, and an unchanged tree is not rewritten at all.
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const dist = path.join(root, 'dist');
const scratch = path.join(root, `dist.build-${process.pid}`);
const dirs = ['apps', 'libs', 'bench'].filter((d) => fs.existsSync(path.join(root, d)));
const swc = path.join(root, 'node_modules', '.bin', 'swc');

try {
  execFileSync(
    swc,
    [...dirs, '-d', scratch, '--config-file', '.swcrc', '--ignore', '**/*.spec.ts,**/*.int-spec.ts,**/*.e2e-spec.ts', '--quiet', '--copy-files'],
    { cwd: root, stdio: 'inherit' },
  );
  replaceChanged(scratch, dist);
} finally {
  fs.rmSync(scratch, { recursive: true, force: true });
}

function replaceChanged(from, to) {
  fs.mkdirSync(to, { recursive: true });
  for (const entry of fs.readdirSync(from, { withFileTypes: true })) {
    const source = path.join(from, entry.name);
    const target = path.join(to, entry.name);
    if (entry.isDirectory()) {
      replaceChanged(source, target);
    } else if (!sameContent(source, target)) {
      fs.renameSync(source, target);
    }
  }
}

function sameContent(a, b) {
  try {
    return fs.readFileSync(a).equals(fs.readFileSync(b));
  } catch {
    return false;
  }
}
