import { Client, errors } from '@elastic/elasticsearch';
import { uniqueName } from '@test/support';

/**
 * Shared by the conformance suites, which run unchanged against a real Elasticsearch
 * (ELASTICSEARCH_URL) or the stand-in the global setup starts. Each test makes its own
 * indices and they are removed at the end of the file.
 */
export class ConformanceContext {
  readonly client = new Client({ node: process.env.ELASTICSEARCH_URL as string });
  private readonly created: string[] = [];

  name(prefix = 'es_conf'): string {
    const name = uniqueName(prefix);
    this.created.push(name);
    return name;
  }

  /** A name that is not tracked for deletion (aliases go with their indices). */
  alias(): string {
    return uniqueName('es_alias');
  }

  async index(body: Record<string, unknown> = {}, prefix?: string): Promise<string> {
    const index = this.name(prefix);
    await this.client.indices.create({ index, ...body });
    return index;
  }

  async cleanup(): Promise<void> {
    if (this.created.length > 0) await this.client.indices.delete({ index: this.created.join(','), ignore_unavailable: true });
    await this.client.close();
  }
}

/** Fails unless `promise` rejects with an ES ResponseError of this status (and root cause type). */
export async function expectEsError(promise: Promise<unknown>, status: number, type?: string): Promise<errors.ResponseError> {
  let caught: unknown;
  try {
    await promise;
  } catch (e) {
    caught = e;
  }
  expect(caught).toBeInstanceOf(errors.ResponseError);
  const error = caught as errors.ResponseError;
  expect(error.meta.statusCode).toBe(status);
  if (type !== undefined) {
    const body = error.meta.body as { error: { type: string; root_cause: Array<{ type: string }> } };
    expect([body.error.type, body.error.root_cause[0]?.type]).toContain(type);
  }
  return error;
}

export const ids = (res: { hits: { hits: Array<{ _id?: string | null }> } }) => res.hits.hits.map((h) => h._id);
