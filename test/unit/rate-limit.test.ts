import { RateLimiter } from '../../service/http/rate-limit.js';
import { allows } from '../../service/domain/access/roles.js';

describe('the rate limiter', () => {
  it('when a caller uses up its minute, then it is refused until the next minute, with the seconds left', () => {
    let t = 120_000 + 45_000;
    const limiter = new RateLimiter(() => t);
    expect([1, 2, 3].map(() => limiter.hit('ip:a', 3).allowed)).toEqual([true, true, true]);
    expect(limiter.hit('ip:a', 3)).toEqual({ allowed: false, limit: 3, remaining: 0, resetS: 15 });
    expect(limiter.hit('ip:b', 3).allowed).toBe(true);
    t = 180_000;
    expect(limiter.hit('ip:a', 3)).toMatchObject({ allowed: true, remaining: 2, resetS: 60 });
  });
});

describe('roles', () => {
  it('when roles nest, then each includes the lower ones and system stands beside them', () => {
    expect(allows('admin', 'inspector')).toBe(true);
    expect(allows('planner', 'inspector')).toBe(false);
    expect(allows('system', 'planner')).toBe(false);
    expect(allows('system', 'system')).toBe(true);
    expect(allows('inspector', 'system')).toBe(true);
    expect(allows('planner', 'system')).toBe(false);
    expect(allows('public', 'any-key')).toBe(false);
    expect(allows('system', 'any-key')).toBe(true);
    expect(allows('public', 'public')).toBe(true);
  });
});
