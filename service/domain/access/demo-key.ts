import type { KeyAdmin } from './key-admin.js';

/** The name of the key `npm start` makes on synthetic data. */
export const DEMO_KEY_NAME = 'demo - made at start-up on synthetic data';

/**
 * On synthetic data without keys of its own, makes a fresh demo inspector key (revoking the previous
 * demo key, whose secret nobody can show again) and returns it; otherwise null. Real data never gets
 * one: nothing address-level is open by default.
 */
export async function demoKey(admin: KeyAdmin, synthetic: boolean): Promise<string | null> {
  if (!synthetic) return null;
  const keys = (await admin.list()).filter((k) => k.active);
  if (keys.some((k) => k.name !== DEMO_KEY_NAME)) return null;
  for (const old of keys) await admin.revoke(old.id);
  return (await admin.add(DEMO_KEY_NAME, 'inspector')).key;
}

/** The sign-in link the viewer reads (`#key=` stays in the browser: fragments are never sent to a server). */
export function signInLink(host: string, port: number, key: string): string {
  const shown = host === '0.0.0.0' || host === '::' ? 'localhost' : host;
  return `http://${shown.includes(':') ? `[${shown}]` : shown}:${port}/#key=${encodeURIComponent(key)}`;
}
