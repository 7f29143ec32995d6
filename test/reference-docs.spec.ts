import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import * as config from '@app/config';
import * as contracts from '@app/contracts';

/**
 * docs/ carries the API reference, the event catalogue and the configuration table
 * generated from the code (scripts/reference-docs.js). This fails while the committed
 * copy differs from what the code says today: run `npm run docs` and commit the result.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { applyPart, docsDir, generatedParts } = require('../scripts/reference-docs') as {
  docsDir: string;
  generatedParts(modules: object): Map<string, object>;
  applyPart(page: string, part: object, file: string): string;
};

const root = path.resolve(__dirname, '..');
let parts: Map<string, object>;

beforeAll(async () => {
  const openApi: Record<string, object> = {};
  for (const app of readdirSync(path.join(root, 'apps')).sort()) {
    const module = path.join(root, 'apps', app, 'src', 'openapi.ts');
    if (!existsSync(module)) continue;
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { buildOpenApiDocument } = require(module) as { buildOpenApiDocument(): Promise<object> };
    openApi[app] = await buildOpenApiDocument();
  }
  parts = generatedParts({ openApi, contracts, config, z });
}, 30_000);

it('generates the write API reference from the OpenAPI document match-command serves', () => {
  expect([...parts.keys()]).toEqual(expect.arrayContaining(['api/match-command.openapi.json', 'api/write-api.md']));
});

it('keeps every generated part of docs/ equal to the code (else: npm run docs)', () => {
  for (const [file, part] of parts) {
    const committed = readFileSync(path.join(docsDir, file), 'utf8');
    expect({ file, text: applyPart(committed, part, file) }).toEqual({ file, text: committed });
  }
});

it('documents every configuration variable', () => {
  const documented = readFileSync(path.join(docsDir, 'configuration.md'), 'utf8');
  for (const name of Object.keys(config.configSchema.shape)) expect(documented).toContain(`| \`${name}\` |`);
});

it('links only to files that exist, from docs/ and the README', () => {
  const pages = [path.join(root, 'README.md'), ...markdownFiles(docsDir)];
  const broken = pages.flatMap((page) =>
    [...readFileSync(page, 'utf8').replace(/`[^`\n]*`/g, '').matchAll(/\]\(([^)#\s]+)(#[^)]*)?\)/g)]
      .map((m) => m[1])
      .filter((target) => !/^[a-z]+:/.test(target))
      .filter((target) => !existsSync(path.resolve(path.dirname(page), target)))
      .map((target) => `${path.relative(root, page)} → ${target}`),
  );
  expect(broken).toEqual([]);
});

function markdownFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? markdownFiles(path.join(dir, entry.name)) : entry.name.endsWith('.md') ? [path.join(dir, entry.name)] : [],
  );
}
