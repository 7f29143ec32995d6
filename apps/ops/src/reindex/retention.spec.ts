import { planRetention } from './retention';

const index = (name: string) => ({ name });

describe('planRetention', () => {
  const indices = [index('rankings-001'), index('rankings-002'), index('rankings-003'), index('rankings-004')];

  it('keeps the live index and the newest others up to the number kept', () => {
    expect(planRetention(indices, 'rankings-004', 3)).toEqual({ keep: ['rankings-004', 'rankings-003', 'rankings-002'], remove: ['rankings-001'] });
  });

  it('keeps the live index even when it is not the newest (after a rollback)', () => {
    expect(planRetention(indices, 'rankings-002', 2)).toEqual({ keep: ['rankings-002', 'rankings-004'], remove: ['rankings-003', 'rankings-001'] });
  });

  it('keeps a rollback candidate before a newer index that was rolled away from', () => {
    const plan = planRetention(indices, 'rankings-004', 2, [], ['rankings-002', 'rankings-001']);
    expect(plan).toEqual({ keep: ['rankings-004', 'rankings-002'], remove: ['rankings-001', 'rankings-003'] });
  });

  it('never removes a protected index (a build in progress)', () => {
    const plan = planRetention(indices, 'rankings-003', 1, ['rankings-004']);
    expect(plan.remove).toEqual(['rankings-002', 'rankings-001']);
    expect(plan.keep).toEqual(['rankings-003']);
  });

  it('refuses to plan without keeping the live index', () => {
    expect(() => planRetention(indices, 'rankings-004', 0)).toThrow(/at least 1/);
  });
});
