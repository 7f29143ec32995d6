import { BadRequestException } from '@nestjs/common';
import { MAX_JSON_DEPTH, parseJsonBody } from './json-body';

const parse = (text: string | Buffer) => parseJsonBody(typeof text === 'string' ? Buffer.from(text, 'utf8') : text);
const refusal = (text: string | Buffer): string => {
  try {
    parse(text);
  } catch (error) {
    if (error instanceof BadRequestException) return error.message;
    throw error;
  }
  throw new Error('expected a refusal');
};

describe('parseJsonBody', () => {
  it('parses an ordinary body, astral characters included', () => {
    expect(parse('{"id":"a","name":"Zoë 🥋"}')).toEqual({ id: 'a', name: 'Zoë 🥋' });
    expect(parse('{"name":"\\ud83e\\udd4b"}')).toEqual({ name: '🥋' });
  });

  it('refuses a lone surrogate in a value or a key, escaped or not', () => {
    expect(refusal('{"name":"\\ud800"}')).toMatch(/lone UTF-16 surrogate at name/);
    expect(refusal('{"name":"a\\udc00b"}')).toMatch(/surrogate/);
    expect(refusal('{"\\ud800":1}')).toMatch(/surrogate/);
    expect(refusal('{"list":["ok","\\ud801"]}')).toMatch(/at list\[1\]/);
  });

  it('refuses bytes that are not UTF-8, including UTF-8-encoded surrogates', () => {
    expect(refusal(Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0x22, 0x7d]))).toBe('Body is not valid UTF-8');
    expect(refusal(Buffer.concat([Buffer.from('{"name":"'), Buffer.from([0xed, 0xa0, 0x80]), Buffer.from('"}')]))).toBe(
      'Body is not valid UTF-8',
    );
  });

  it(`refuses nesting deeper than ${MAX_JSON_DEPTH} levels without recursing into it`, () => {
    expect(parse(`${'['.repeat(MAX_JSON_DEPTH)}${']'.repeat(MAX_JSON_DEPTH)}`)).toBeDefined();
    expect(refusal(`${'['.repeat(MAX_JSON_DEPTH + 1)}${']'.repeat(MAX_JSON_DEPTH + 1)}`)).toMatch(/nested deeper/);
    const deep = `{"name":${'['.repeat(5000)}${']'.repeat(5000)}}`;
    expect(Buffer.byteLength(deep)).toBeLessThan(64 * 1024);
    expect(refusal(deep)).toMatch(/nested deeper/);
  });

  it('refuses a key repeated in one object, however it is spelled, and allows it in different objects', () => {
    expect(refusal('{"name":"a","name":"b"}')).toMatch(/repeats the key "name"/);
    expect(refusal('{"name":"a","n\\u0061me":"b"}')).toMatch(/repeats the key "name"/);
    expect(parse('{"a":{"x":1},"b":{"x":2},"c":[{"x":1},{"x":2}]}')).toBeDefined();
    expect(parse('{"a":"name","name":"a"}')).toEqual({ a: 'name', name: 'a' });
  });

  it('refuses malformed JSON and an empty body, naming JSON', () => {
    expect(refusal('{"id": "x", "name":')).toMatch(/^Body is not valid JSON/);
    expect(refusal('   ')).toMatch(/JSON object/);
  });

  it('keeps __proto__ an ordinary own key (the schema then refuses it as unknown)', () => {
    const value = parse('{"__proto__":{"admin":true}}') as Record<string, unknown>;
    expect(Object.keys(value)).toEqual(['__proto__']);
    expect(({} as Record<string, unknown>).admin).toBeUndefined();
  });
});
