import { principalOf } from '../access-guard.js';
import { auditQuerySchema } from '../access-schemas.js';
import type { AppDeps } from '../deps.js';
import type { RouteRegistry } from '../route-registry.js';
import { ROUTES } from '../route-table.js';
import { parseOr400 } from '../validate.js';

const DEFAULT_AUDIT_LIMIT = 1_000;

/** Who am I (`/v1/me`), the audit log and the key list (admins). */
export function accessRoutes({ access }: AppDeps, r: RouteRegistry): void {
  r.on(ROUTES.me, (_req, res) => {
    const p = principalOf(res);
    res.setHeader('Cache-Control', 'private, no-store');
    res.json({ name: p.keyName, role: p.role });
  });

  r.on(ROUTES.audit, async (req, res) => {
    const q = parseOr400(auditQuerySchema, req.query, 'query');
    const entries = await access.auditLog.query({
      from: q.from,
      to: q.to,
      keyName: q.key,
      address: q.address,
      limit: q.limit ?? DEFAULT_AUDIT_LIMIT,
    });
    res.setHeader('Cache-Control', 'private, no-store');
    res.json({ count: entries.length, entries });
  });

  r.on(ROUTES.keys, async (_req, res) => {
    res.setHeader('Cache-Control', 'private, no-store');
    res.json({ keys: await access.keyAdmin.list() });
  });
}
