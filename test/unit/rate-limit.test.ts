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

describe('the rate limiter memory', () => {
  it('when a new minute starts, then the callers of the old one are forgotten', () => {
    let t = 60_000;
    const limiter = new RateLimiter(() => t);
    for (let i = 0; i < 1_000; i += 1) limiter.hit(`ip:10.0.${i >> 8}.${i & 255}`, 5);
    expect(limiter.callers).toBe(1_000);
    t = 120_000;
    limiter.hit('ip:a', 5);
    expect(limiter.callers).toBe(1);
  });

  it('when more callers come in one minute than the bound, then the count stays at the bound and the newest are still limited', () => {
    const limiter = new RateLimiter(() => 0, 100);
    for (let i = 0; i < 1_000; i += 1) limiter.hit(`ip:${i}`, 2);
    expect(limiter.callers).toBe(100);
    expect([1, 2, 3].map(() => limiter.hit('ip:999', 2).allowed)).toEqual([true, false, false]);
    expect(limiter.hit('ip:0', 2)).toMatchObject({ allowed: true, remaining: 1 });
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
