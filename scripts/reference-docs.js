// The generated parts of docs/: the API reference from each app's OpenAPI document, the
// event catalogue from libs/contracts, the configuration table from libs/config. Pure
// functions of the modules they are given, so `npm run docs` (compiled output) and the
// test that keeps docs/ current (TypeScript sources, through Jest) produce the same text.
// Each generated part sits between `<!-- generated:<name>:begin -->` and `...:end -->`
// markers in a hand-written page, so prose and reference live together.
const path = require('node:path');

/** Which page of docs/api/ carries which app's reference. */
const API_PAGES = { 'match-command': 'write-api.md', 'rankings-query': 'read-api.md' };

/**
 * @param {{ openApi: Record<string, object>, contracts: any, config: any, z: any }} modules
 * @returns {Map<string, { block: string, text: string }>} file (relative to docs/) → generated blocks
 */
function generatedParts({ openApi, contracts, config, z }) {
  const parts = new Map();
  for (const [app, document] of Object.entries(openApi)) {
    const page = API_PAGES[app] ?? `${app}.md`;
    parts.set(`api/${app}.openapi.json`, { whole: `${JSON.stringify(document, null, 2)}\n` });
    parts.set(`api/${page}`, { block: 'endpoints', text: renderOpenApi(document) });
  }
  parts.set('events.md', { block: 'event-types', text: renderEvents(contracts, z) });
  parts.set('configuration.md', { block: 'variables', text: renderConfiguration(config, z) });
  return parts;
}

/** Replaces the marked block of `page` with `text` (or the whole file for `whole`). */
function applyPart(page, part, file) {
  if (part.whole !== undefined) return part.whole;
  const begin = `<!-- generated:${part.block}:begin (npm run docs) -->`;
  const end = `<!-- generated:${part.block}:end -->`;
  const from = page.indexOf(begin);
  const to = page.indexOf(end);
  if (from < 0 || to < from) throw new Error(`docs/${file} lacks the markers ${begin} … ${end}`);
  return `${page.slice(0, from + begin.length)}\n${part.text}\n${page.slice(to)}`;
}

// ---------------------------------------------------------------- OpenAPI → markdown

function renderOpenApi(document) {
  const lines = [];
  const schemas = document.components?.schemas ?? {};
  for (const [route, operations] of Object.entries(document.paths ?? {})) {
    for (const [method, operation] of Object.entries(operations)) {
      lines.push(`### \`${method.toUpperCase()} ${route}\``, '');
      if (operation.summary) lines.push(operation.summary, '');
      if (operation.description) lines.push(operation.description, '');
      if (operation.security?.length)
        lines.push(`Auth: ${operation.security.map((s) => Object.keys(s).join(', ')).join(' or ')}.`, '');
      const parameters = operation.parameters ?? [];
      if (parameters.length > 0) {
        lines.push('| parameter | in | required | type | description |', '| --- | --- | --- | --- | --- |');
        for (const p of parameters) {
          lines.push(
            `| \`${p.name}\` | ${p.in} | ${p.required ? 'yes' : 'no'} | ${typeOf(p.schema ?? {}, schemas)} | ${cell(p.description)} |`,
          );
        }
        lines.push('');
      }
      const body = operation.requestBody?.content?.['application/json']?.schema;
      if (body) lines.push(`Body: ${typeOf(body, schemas)}`, '', ...fieldsTable(resolve(body, schemas), schemas), '');
      const responses = Object.entries(operation.responses ?? {});
      if (responses.length > 0) {
        lines.push('| status | meaning | body |', '| --- | --- | --- |');
        for (const [status, response] of responses) {
          const schema = response.content?.['application/json']?.schema;
          lines.push(`| ${status} | ${cell(response.description)} | ${schema ? typeOf(schema, schemas) : ''} |`);
        }
        lines.push('');
      }
    }
  }
  const named = Object.keys(schemas).sort();
  if (named.length > 0) {
    lines.push('### Schemas', '');
    for (const name of named) lines.push(`#### ${name}`, '', ...fieldsTable(schemas[name], schemas), '');
  }
  return lines.join('\n').trimEnd();
}

function resolve(schema, schemas) {
  const ref = schema.$ref?.split('/').pop();
  return ref ? (schemas[ref] ?? {}) : schema;
}

function typeOf(schema, schemas) {
  if (schema.$ref) return `[${schema.$ref.split('/').pop()}](#${schema.$ref.split('/').pop().toLowerCase()})`;
  if (schema.allOf?.length === 1) return typeOf(schema.allOf[0], schemas);
  if (schema.anyOf || schema.oneOf) return (schema.anyOf ?? schema.oneOf).map((s) => typeOf(s, schemas)).join(' \\| ');
  if (schema.enum) return schema.enum.map((v) => `\`${JSON.stringify(v)}\``).join(' \\| ');
  if (schema.type === 'array') return `${typeOf(schema.items ?? {}, schemas)}[]`;
  const type = Array.isArray(schema.type) ? schema.type.join(' \\| ') : (schema.type ?? 'any');
  return `${type}${schema.format ? ` (${schema.format})` : ''}${schema.nullable ? ' \\| null' : ''}`;
}

function fieldsTable(schema, schemas) {
  const properties = Object.entries(schema.properties ?? {});
  if (properties.length === 0) return [];
  const required = new Set(schema.required ?? []);
  return [
    '| field | type | required | constraints | description |',
    '| --- | --- | --- | --- | --- |',
    ...properties.map(
      ([name, field]) =>
        `| \`${name}\` | ${typeOf(field, schemas)} | ${required.has(name) ? 'yes' : 'no'} | ${cell(constraints(field))} | ${cell(field.description)} |`,
    ),
  ];
}

function constraints(field) {
  const out = [];
  if (field.pattern) out.push(`pattern \`${field.pattern}\``);
  if (field.minLength !== undefined || field.maxLength !== undefined)
    out.push(`length ${field.minLength ?? 0}..${field.maxLength ?? '∞'}`);
  if (field.minimum !== undefined || field.maximum !== undefined) out.push(`${field.minimum ?? '−∞'}..${field.maximum ?? '∞'}`);
  if (field.exclusiveMinimum !== undefined) out.push(`> ${field.exclusiveMinimum}`);
  if (field.default !== undefined) out.push(`default \`${JSON.stringify(field.default)}\``);
  if (field.example !== undefined) out.push(`e.g. \`${JSON.stringify(field.example)}\``);
  return out.join(', ');
}

function cell(text) {
  return text === undefined || text === null ? '' : String(text).replace(/\|/g, '\\|').replace(/\n+/g, ' ');
}

// ---------------------------------------------------------------- events

function renderEvents(contracts, z) {
  const lines = ['| type | schemaVersion | upcasters from |', '| --- | --- | --- |'];
  for (const type of contracts.EVENT_TYPES) {
    const steps = Object.keys(contracts.upcasters[type] ?? {});
    lines.push(
      `| [\`${type}\`](#${type.toLowerCase()}) | ${contracts.CURRENT_SCHEMA_VERSION[type]} | ${steps.length ? steps.map((v) => `v${v}`).join(', ') : '—'} |`,
    );
  }
  lines.push('');
  for (const type of contracts.EVENT_TYPES) {
    const schema = z.toJSONSchema(contracts.eventDataSchemas[type]);
    lines.push(
      `### ${type}`,
      '',
      `schemaVersion ${contracts.CURRENT_SCHEMA_VERSION[type]}. \`data\`:`,
      '',
      ...fieldsTable(schema, {}),
      '',
    );
  }
  return lines.join('\n').trimEnd();
}

// ---------------------------------------------------------------- configuration

function renderConfiguration(config, z) {
  const schema = z.toJSONSchema(config.configSchema, { io: 'input', unrepresentable: 'any' });
  const lines = ['| variable | default | values | meaning |', '| --- | --- | --- | --- |'];
  for (const [name, field] of Object.entries(schema.properties ?? {})) {
    const values = field.enum
      ? field.enum.map((v) => `\`${v}\``).join(', ')
      : field.type === 'integer' || field.type === 'number'
        ? 'number'
        : '';
    const fallback =
      field.default === undefined ? 'unset' : `\`${Array.isArray(field.default) ? field.default.join(',') : field.default}\``;
    lines.push(`| \`${name}\` | ${fallback} | ${values} | ${cell(config.CONFIG_DESCRIPTIONS[name])} |`);
  }
  return lines.join('\n');
}

module.exports = {
  API_PAGES,
  applyPart,
  generatedParts,
  renderConfiguration,
  renderEvents,
  renderOpenApi,
  docsDir: path.resolve(__dirname, '..', 'docs'),
};
