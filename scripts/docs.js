#!/usr/bin/env node
// `npm run docs`: rewrites the generated parts of docs/ from the compiled code (see
// scripts/reference-docs.js): docs/api/<app>.openapi.json and the endpoint reference of
// each app that has src/openapi.ts, the event catalogue, the configuration table.
// test/reference-docs.spec.ts fails while the committed copy differs from the code.
const { existsSync, readdirSync, readFileSync, writeFileSync } = require('node:fs');
const path = require('node:path');
const { applyPart, docsDir, generatedParts } = require('./reference-docs');

const dist = path.resolve(__dirname, '..', 'dist');

async function main() {
  const openApi = {};
  for (const app of readdirSync(path.join(dist, 'apps')).sort()) {
    const module = path.join(dist, 'apps', app, 'src', 'openapi.js');
    if (existsSync(module)) openApi[app] = await require(module).buildOpenApiDocument();
  }
  const parts = generatedParts({
    openApi,
    contracts: require(path.join(dist, 'libs/contracts/src')),
    config: require(path.join(dist, 'libs/config/src')),
    z: require('zod').z,
  });
  for (const [file, part] of parts) {
    const target = path.join(docsDir, file);
    const current = existsSync(target) ? readFileSync(target, 'utf8') : '';
    const next = applyPart(current, part, file);
    if (next !== current) {
      writeFileSync(target, next);
      process.stdout.write(`docs/${file} updated\n`);
    }
  }
}

main().then(
  () => process.exit(0), // Nest's preview apps may leave handles open
  (error) => {
    process.stderr.write(`docs: ${error.stack ?? error}\n`);
    process.exit(1);
  },
);
