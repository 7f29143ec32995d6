import { ifNoneMatchHits, strongEtag } from './etag';

describe('strongEtag', () => {
  it('is a quoted strong tag that changes with any byte of the body', () => {
    const tag = strongEtag('{"points":7}');
    expect(tag).toMatch(/^"[A-Za-z0-9_-]{27}"$/);
    expect(strongEtag('{"points":7}')).toBe(tag);
    expect(strongEtag('{"points":8}')).not.toBe(tag);
  });
});

describe('ifNoneMatchHits', () => {
  const tag = strongEtag('body');
  it.each([
    [tag, true],
    [`W/${tag}`, true],
    [`"other", ${tag}`, true],
    ['*', true],
    ['"other"', false],
    [undefined, false],
    ['', false],
  ])('If-None-Match %p matches: %p', (header, hit) => {
    expect(ifNoneMatchHits(header, tag)).toBe(hit);
  });
});
