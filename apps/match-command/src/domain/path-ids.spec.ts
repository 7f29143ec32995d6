import { ResourceNotFoundError } from './command-errors';
import { athleteIdFromPath, matchIdFromPath } from './path-ids';

describe('ids from a path', () => {
  it('keeps a UUID (lower-cased) and a slug', () => {
    expect(matchIdFromPath('0B6F6C1E-2D7A-4D5E-9A3B-6F1F0E2D4C5B')).toBe('0b6f6c1e-2d7a-4d5e-9a3b-6f1f0e2d4c5b');
    expect(athleteIdFromPath('ana-silva')).toBe('ana-silva');
  });

  it.each(['ab\u0000c', '\ud800', 'Ana', '', 'a'.repeat(65), 'a/b'])('answers not found for the athlete id %j', (id) => {
    expect(() => athleteIdFromPath(id)).toThrow(ResourceNotFoundError);
  });

  it.each(['not-a-uuid', '0b6f6c1e-2d7a-4d5e-9a3b-6f1f0e2d4c5b\u0000', '\udc00'])(
    'answers not found for the match id %j',
    (id) => {
      expect(() => matchIdFromPath(id)).toThrow(ResourceNotFoundError);
    },
  );
});
