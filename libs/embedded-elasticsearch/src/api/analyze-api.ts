import { AnalysisRegistry } from '../analysis/analysis-registry';
import { illegalArgument, parsingError } from '../errors';
import { EsRequest, EsResponse } from '../http/es-request';
import { Route } from '../http/router';
import { Cluster } from '../store/cluster';

const GLOBAL = new AnalysisRegistry();

/** POST [/{index}]/_analyze with analyzer, field, normalizer, or tokenizer + filter. */
function analyze(cluster: Cluster, req: EsRequest): EsResponse {
  const body = req.json();
  for (const key of Object.keys(body)) {
    if (!['text', 'analyzer', 'tokenizer', 'filter', 'field', 'normalizer', 'explain', 'attributes', 'char_filter'].includes(key)) throw parsingError(`Unknown parameter [${key}] in request body`);
  }
  const index = req.pathParams.index ? cluster.resolveSingle(req.pathParams.index) : undefined;
  const registry = index?.analysis ?? GLOBAL;
  let analyzer;
  if (body.field !== undefined) {
    const def = index?.mapping.field(String(body.field));
    if (!def) throw illegalArgument(`field [${String(body.field)}] is not mapped for _analyze`);
    analyzer = def.isText ? registry.analyzer(def.analyzer) : def.normalizer ? registry.normalizer(def.normalizer) : registry.analyzer('keyword');
  } else if (body.normalizer !== undefined) analyzer = registry.normalizer(String(body.normalizer));
  else if (body.tokenizer !== undefined) analyzer = registry.adHoc(String(body.tokenizer), ((body.filter as string[] | undefined) ?? []).map(String));
  else analyzer = registry.analyzer(String(body.analyzer ?? 'standard'));
  const texts = Array.isArray(body.text) ? body.text.map(String) : [String(body.text ?? '')];
  const tokens = texts.flatMap((t) => analyzer.analyze(t)).map((t) => ({ token: t.term, start_offset: t.start, end_offset: t.end, type: t.type, position: t.position }));
  return { status: 200, body: { tokens } };
}

export function analyzeRoutes(cluster: Cluster): Route[] {
  return [
    { methods: ['GET', 'POST'], pattern: '/_analyze', params: [], handler: (r) => analyze(cluster, r) },
    { methods: ['GET', 'POST'], pattern: '/{index}/_analyze', params: [], handler: (r) => analyze(cluster, r) },
  ];
}
