import { BadRequestException } from '@nestjs/common';

/** Our bodies are flat objects; anything nested deeper is hostile or a mistake. */
export const MAX_JSON_DEPTH = 16;

const utf8 = new TextDecoder('utf-8', { fatal: true });
/** A lone UTF-16 surrogate (with the `u` flag, a valid pair is one astral code point). */
const LONE_SURROGATE = /\p{Cs}/u;

/**
 * Parses a request body as JSON, refusing with 400 what JSON.parse would accept but no
 * store or consumer can hold, before any validation runs:
 * - bytes that are not UTF-8 (they would silently become U+FFFD);
 * - nesting deeper than MAX_JSON_DEPTH (5,000 levels cost ~130 ms of CPU in validation);
 * - the same key twice in one object (which one wins is ambiguous; JSON.parse keeps the last);
 * - lone UTF-16 surrogates anywhere, key or value (`"\ud800"`: Postgres JSON refuses it).
 */
export function parseJsonBody(raw: Buffer): unknown {
  let text: string;
  try {
    text = utf8.decode(raw);
  } catch {
    throw new BadRequestException('Body is not valid UTF-8');
  }
  if (text.trim() === '') throw new BadRequestException('Body must be a JSON object, got an empty body');
  const structure = inspectStructure(text);
  if (structure) throw new BadRequestException(structure);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new BadRequestException(`Body is not valid JSON: ${(error as Error).message}`);
  }
  const surrogate = findLoneSurrogate(value, '');
  if (surrogate !== undefined) {
    throw new BadRequestException(
      `Body holds a lone UTF-16 surrogate at ${surrogate || 'its top level'}: text must be valid Unicode`,
    );
  }
  return value;
}

/**
 * One pass over the text for nesting depth and duplicate keys. It trusts JSON.parse for
 * syntax: on malformed input it may stop early, and JSON.parse then reports the error.
 */
function inspectStructure(text: string): string | undefined {
  // One frame per open object (its keys so far) or array (null).
  const frames: Array<Set<string> | null> = [];
  let expectKey = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22 /* " */) {
      const end = endOfString(text, i);
      if (end < 0) return undefined;
      const keys = frames[frames.length - 1];
      if (expectKey && keys) {
        const raw = text.slice(i + 1, end);
        const key = raw.includes('\\') ? decodeKey(raw) : raw;
        if (key === undefined) return undefined;
        if (keys.has(key))
          return `Body repeats the key "${key.length > 64 ? `${key.slice(0, 64)}…` : key}" in one object; send each key once`;
        keys.add(key);
        expectKey = false;
      }
      i = end;
    } else if (c === 0x7b /* { */ || c === 0x5b /* [ */) {
      if (frames.length >= MAX_JSON_DEPTH) return `Body is nested deeper than ${MAX_JSON_DEPTH} levels`;
      frames.push(c === 0x7b ? new Set() : null);
      expectKey = c === 0x7b;
    } else if (c === 0x7d /* } */ || c === 0x5d /* ] */) {
      frames.pop();
      expectKey = false;
    } else if (c === 0x2c /* , */) {
      expectKey = frames[frames.length - 1] instanceof Set;
    }
  }
  return undefined;
}

/** Index of the closing quote of the string opening at `start`, or -1. */
function endOfString(text: string, start: number): number {
  for (let i = start + 1; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x5c /* \ */) i++;
    else if (c === 0x22) return i;
  }
  return -1;
}

function decodeKey(raw: string): string | undefined {
  try {
    return JSON.parse(`"${raw}"`) as string;
  } catch {
    return undefined;
  }
}

/** JSON path of the first string (key or value) holding a lone surrogate, or undefined. */
function findLoneSurrogate(value: unknown, path: string): string | undefined {
  if (typeof value === 'string') return LONE_SURROGATE.test(value) ? path : undefined;
  if (value === null || typeof value !== 'object') return undefined;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = findLoneSurrogate(value[i], `${path}[${i}]`);
      if (found !== undefined) return found;
    }
    return undefined;
  }
  for (const key of Object.keys(value)) {
    const at = path ? `${path}.${key}` : key;
    if (LONE_SURROGATE.test(key)) return `${path || 'the top level'} (a key)`;
    const found = findLoneSurrogate((value as Record<string, unknown>)[key], at);
    if (found !== undefined) return found;
  }
  return undefined;
}
