import { EsRequest, EsResponse } from '../http/es-request';
import { Route } from '../http/router';
import { Cluster } from '../store/cluster';
import { resolveOpts } from './indices-api';

type Row = Record<string, string>;

/**
 * _cat renders rows as aligned text (headers with ?v) or, with format=json, as an array
 * of string-valued objects, like ES.
 */
function render(req: EsRequest, columns: string[], rows: Row[]): EsResponse {
  const wanted = req.param('h')?.split(',').filter(Boolean) ?? columns;
  const sortBy = req.param('s')?.split(',').filter(Boolean) ?? [];
  const sorted = [...rows].sort((a, b) => {
    for (const spec of sortBy) {
      const [col, dir] = spec.split(':');
      const c = (a[col] ?? '').localeCompare(b[col] ?? '', undefined, { numeric: true });
      if (c !== 0) return dir === 'desc' ? -c : c;
    }
    return 0;
  });
  const picked = sorted.map((r) => Object.fromEntries(wanted.map((c) => [c, r[c] ?? ''])));
  if (req.param('format') === 'json') return { status: 200, body: picked };
  const table = req.bool('v') ? [Object.fromEntries(wanted.map((c) => [c, c])), ...picked] : picked;
  const widths = wanted.map((c) => Math.max(...table.map((r) => r[c].length)));
  const text = table.map((r) => wanted.map((c, i) => r[c].padEnd(widths[i])).join(' ').trimEnd() + '\n').join('');
  return { status: 200, text };
}

function catIndices(cluster: Cluster, req: EsRequest): EsResponse {
  const columns = ['health', 'status', 'index', 'uuid', 'pri', 'rep', 'docs.count', 'docs.deleted', 'store.size', 'pri.store.size', 'dataset.size'];
  const rows = cluster.resolve(req.pathParams.index, resolveOpts(req)).map((i) => {
    const size = `${JSON.stringify(i.snapshot().docs).length}b`;
    return {
      health: i.replicas > 0 ? 'yellow' : 'green',
      status: 'open',
      index: i.name,
      uuid: i.uuid,
      pri: '1',
      rep: String(i.replicas),
      'docs.count': String(i.segment.visibleCount),
      'docs.deleted': String(i.segment.deletedCount),
      'store.size': size,
      'pri.store.size': size,
      'dataset.size': size,
    };
  });
  return render(req, columns, rows);
}

function catAliases(cluster: Cluster, req: EsRequest): EsResponse {
  const columns = ['alias', 'index', 'filter', 'routing.index', 'routing.search', 'is_write_index'];
  const filter = req.pathParams.name?.split(',');
  const rows: Row[] = [];
  for (const alias of cluster.aliases.names()) {
    if (filter && !filter.includes(alias)) continue;
    for (const index of cluster.aliases.indicesOf(alias)) {
      const props = cluster.aliases.aliasesOf(index)[alias];
      const write = props.is_write_index === undefined ? '-' : String(props.is_write_index);
      rows.push({ alias, index, filter: '-', 'routing.index': '-', 'routing.search': '-', is_write_index: write });
    }
  }
  return render(req, columns, rows);
}

export function catRoutes(cluster: Cluster): Route[] {
  const params = ['format', 'h', 'v', 's', 'bytes', 'help', 'health', 'pri', 'time', 'expand_wildcards', 'local', 'include_unloaded_segments'];
  return [
    { methods: ['GET'], pattern: '/_cat/indices', params, handler: (r) => catIndices(cluster, r) },
    { methods: ['GET'], pattern: '/_cat/indices/{index}', params, handler: (r) => catIndices(cluster, r) },
    { methods: ['GET'], pattern: '/_cat/aliases', params, handler: (r) => catAliases(cluster, r) },
    { methods: ['GET'], pattern: '/_cat/aliases/{name}', params, handler: (r) => catAliases(cluster, r) },
  ];
}
