#!/usr/bin/env node
// Removes, from package-lock.json, optional-dependency references to packages the lock
// does not record. Why: the registry mirror our machines reach serves only some of the
// per-platform binaries of @swc/core and unrs-resolver (jest's resolver); `npm install`
// then writes a lock that names the others without recording them, and `npm ci` rejects
// such a lock ("Missing: @swc/core-darwin-arm64@ from lock file", npm/cli#4828, #8320).
// Dropping the dangling names makes the lock consistent for this platform. Run it after
// any `npm install` that changes the lock; it is idempotent and .ci/run runs it too.
const fs = require('node:fs');
const path = require('node:path');

const file = path.resolve(__dirname, '..', 'package-lock.json');
const lock = JSON.parse(fs.readFileSync(file, 'utf8'));
const removed = [];
for (const [location, entry] of Object.entries(lock.packages ?? {})) {
  for (const dependency of Object.keys(entry.optionalDependencies ?? {})) {
    const nested = location ? `${location}/node_modules/${dependency}` : `node_modules/${dependency}`;
    if (lock.packages[nested] || lock.packages[`node_modules/${dependency}`]) continue;
    delete entry.optionalDependencies[dependency];
    removed.push(dependency);
  }
}
if (removed.length > 0) {
  fs.writeFileSync(file, `${JSON.stringify(lock, null, 2)}\n`);
  console.log(`prune-lockfile: removed ${removed.length} unrecorded optional dependencies`);
}
