/**
 * BAG object ids in the forms they are met in: 16 digits (`0479010000000101`), a number that lost its
 * leading zeros (`479010000000101`, as spreadsheets and some extracts store it), the IMBAG form
 * (`NL.IMBAG.Verblijfsobject.0479010000000101`) and the linked-data URI
 * (`http://bag.basisregistraties.overheid.nl/bag/id/verblijfsobject/0479010000000101`).
 *
 * Digits 5–6 of every BAG id are its object type code (BAG catalogus 2018): 01 verblijfsobject,
 * 02 ligplaats, 03 standplaats, 10 pand, 20 nummeraanduiding, 30 openbare ruimte.
 */

export const BAG_TYPE_CODES = {
  Verblijfsobject: '01',
  Ligplaats: '02',
  Standplaats: '03',
  Pand: '10',
  Nummeraanduiding: '20',
  OpenbareRuimte: '30',
} as const;
export type BagObjectType = keyof typeof BAG_TYPE_CODES;

const TYPE_BY_CODE = new Map<string, BagObjectType>(Object.entries(BAG_TYPE_CODES).map(([t, c]) => [c, t as BagObjectType]));
const TYPE_BY_LOWER = new Map(Object.keys(BAG_TYPE_CODES).map((t) => [t.toLowerCase(), t as BagObjectType]));

/** A parsed BAG id: 16 digits and the object type its digits 5–6 encode (null for an unknown code). */
export interface BagId {
  id: string;
  type: BagObjectType | null;
}

/**
 * Parses a BAG id in any common form, or returns null when `raw` is none of them. A prefix that names a
 * type (`NL.IMBAG.Pand.…`, `…/id/pand/…`) must agree with the type code in the digits.
 */
export function parseBagId(raw: unknown): BagId | null {
  let text: string;
  if (typeof raw === 'number') {
    if (!Number.isSafeInteger(raw) || raw <= 0) return null;
    text = String(raw);
  } else if (typeof raw === 'string') {
    text = raw.trim();
  } else {
    return null;
  }
  let named: BagObjectType | null = null;
  const m = /^(?:NL\.IMBAG\.([A-Za-z]+)\.|https?:\/\/bag\.basisregistraties\.overheid\.nl\/bag\/id\/([a-z]+)\/)(\d+)$/i.exec(text);
  if (m) {
    named = TYPE_BY_LOWER.get((m[1] ?? m[2]).toLowerCase()) ?? null;
    if (!named) return null;
    text = m[3];
  }
  if (!/^\d{12,16}$/.test(text)) return null;
  const id = text.padStart(16, '0');
  const type = TYPE_BY_CODE.get(id.slice(4, 6)) ?? null;
  if (named && type !== named) return null;
  return { id, type };
}

/** The 16-digit id of `raw` when it is a BAG id of one of `types`, else null. */
export function bagIdOf(raw: unknown, ...types: BagObjectType[]): string | null {
  const parsed = parseBagId(raw);
  return parsed?.type && types.includes(parsed.type) ? parsed.id : null;
}
