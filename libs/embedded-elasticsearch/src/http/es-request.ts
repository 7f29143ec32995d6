import { EsError, illegalArgument, xContentParseError } from '../errors';

export type Json = Record<string, unknown>;

export interface EsResponse {
  status: number;
  body?: unknown;
  /** Plain text (the _cat APIs without format=json). */
  text?: string;
}

/** One parsed HTTP request as handlers see it: path params, query params, lazily parsed body. */
export class EsRequest {
  private parsed?: { value: unknown };

  constructor(
    readonly method: string,
    readonly path: string,
    readonly pathParams: Record<string, string>,
    readonly query: URLSearchParams,
    readonly rawBody: Buffer,
  ) {}

  get hasBody(): boolean {
    return this.rawBody.length > 0 && this.rawBody.toString('utf8').trim() !== '';
  }

  text(): string {
    return this.rawBody.toString('utf8');
  }

  /** The JSON body (an object), or `{}` when absent; malformed JSON is ES's 400. */
  json(): Json {
    if (!this.parsed) this.parsed = { value: this.hasBody ? parseJson(this.text()) : {} };
    const value = this.parsed.value;
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      throw xContentParseError('[1:1] request body must be a JSON object');
    }
    return value as Json;
  }

  param(name: string): string | undefined {
    return this.query.get(name) ?? undefined;
  }

  bool(name: string, fallback = false): boolean {
    const v = this.param(name);
    if (v === undefined) return fallback;
    if (v === '' || v === 'true') return true;
    if (v === 'false') return false;
    throw illegalArgument(`Failed to parse value [${v}] as only [true] or [false] are allowed.`);
  }

  int(name: string): number | undefined {
    const v = this.param(name);
    if (v === undefined) return undefined;
    const n = Number(v);
    if (!Number.isInteger(n)) throw illegalArgument(`Failed to parse int parameter [${name}] with value [${v}]`);
    return n;
  }

  /** `refresh`: false (default), true/"" (refresh now), wait_for (answer after the next refresh). */
  refresh(): 'false' | 'true' | 'wait_for' {
    const v = this.param('refresh');
    if (v === undefined || v === 'false') return 'false';
    if (v === '' || v === 'true') return 'true';
    if (v === 'wait_for') return 'wait_for';
    throw illegalArgument(`Unknown value for refresh: [${v}].`);
  }
}

/** JSON.parse with ES's error shape (x_content_parse_exception, 400) and a position. */
export function parseJson(text: string, line = 1): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    throw new EsError(400, 'x_content_parse_exception', `[${line}:1] Failed to parse JSON: ${message}`);
  }
}
