/**
 * Who may see what (DESIGN §6). Roles nest: public ⊂ planner ⊂ inspector ⊂ admin; `system` (other
 * systems scoring buildings) stands beside them. Anonymous callers are `public`.
 */
export const KEY_ROLES = ['planner', 'inspector', 'admin', 'system'] as const;
/** A role a key can carry. */
export type KeyRole = (typeof KEY_ROLES)[number];
/** Every role, including the anonymous `public`. */
export const ROLES = ['public', ...KEY_ROLES] as const;
export type Role = (typeof ROLES)[number];

/** What a route asks of its caller: a role, or any valid key (`/v1/me`). */
export type RouteAccess = Role | 'any-key';

/** The nested roles, lowest first. */
const LADDER: readonly Role[] = ['public', 'planner', 'inspector', 'admin'];

/**
 * True when a caller with role `have` may use a route declared for role `need`. Roles on the ladder
 * include every lower one; `system` may use `system` and public routes, and inspectors and admins may
 * use `system` routes too (they may score).
 */
export function allows(have: Role, need: RouteAccess): boolean {
  if (need === 'public') return true;
  if (need === 'any-key') return have !== 'public';
  if (need === 'system') return have === 'system' || have === 'inspector' || have === 'admin';
  if (have === 'system') return false;
  return LADDER.indexOf(have) >= LADDER.indexOf(need);
}

/** True when the value names a role a key can carry. */
export function isKeyRole(v: unknown): v is KeyRole {
  return typeof v === 'string' && (KEY_ROLES as readonly string[]).includes(v);
}
