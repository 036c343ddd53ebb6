import { PC4_IN_TEXT_PATTERN, POSTCODE_IN_TEXT_PATTERN } from './ids.js';

/**
 * Understands addresses the way Dutch people type them: "1506 AB 12", "1506ab12", "1506AB 12-A", "12a",
 * "Zuiddijk 12 Zaandam", "Ossingel2" — case and spacing free.
 */
export interface AddressQuery {
  /** Full postcode (`1506AB`) when typed. */
  postcode: string | null;
  /** Four-digit postcode area when only that was typed. */
  pc4: string | null;
  huisnummer: number | null;
  huisletter: string | null;
  toevoeging: string | null;
  /** Remaining words (street and place name fragments), lower case, accents removed. */
  words: string[];
}

/** Lower-cases, strips accents and punctuation other than hyphens and dots, and collapses spaces. */
export function normaliseText(s: string): string {
  return s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9\s.'-]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

const POSTCODE = POSTCODE_IN_TEXT_PATTERN;
const PC4 = PC4_IN_TEXT_PATTERN;
const NUMBER = /(?:^|[^0-9a-z])(\d{1,5})(?:\s*-?\s*([a-z])(?![a-z0-9]))?(?:\s*-\s*([a-z0-9]{1,4}))?(?![0-9])/;

/** Parses a free-text address query. */
export function parseAddressQuery(input: string): AddressQuery {
  let s = ` ${normaliseText(input)} `;
  let postcode: string | null = null;
  let pc4: string | null = null;
  const pc = POSTCODE.exec(s);
  if (pc) {
    postcode = `${pc[1]}${pc[2].toUpperCase()}`;
    s = s.replace(pc[0], pc[0].startsWith(pc[1]) ? ' ' : `${pc[0][0]} `);
  }
  // A number typed straight after a street name ("Ossingel2", "zuiddijk12a") is the house number.
  s = s.replace(/([a-z]{2,})(?=\d)/g, '$1 ');
  let huisnummer: number | null = null;
  let huisletter: string | null = null;
  let toevoeging: string | null = null;
  if (!postcode) {
    const only4 = PC4.exec(s);
    const numbers = s.match(/\d+/g) ?? [];
    // A lone four-digit number is a postcode area, unless a street name makes it a house number.
    const hasWords = /[a-z]{2,}/.test(s.replace(/\d+[a-z]?/g, ''));
    if (only4 && !(hasWords && numbers.length === 1)) {
      pc4 = only4[1];
      s = s.replace(only4[0], ' ');
    }
  }
  const n = NUMBER.exec(s);
  if (n) {
    huisnummer = Number(n[1]);
    huisletter = n[2] ? n[2].toUpperCase() : null;
    toevoeging = n[3] ? n[3].toUpperCase() : null;
    s = s.replace(n[0], ' ');
  }
  const words = s
    .split(/[\s-]+/)
    .map((w) => w.replace(/^[.']+|[.']+$/g, ''))
    .filter((w) => /[a-z]/.test(w));
  return { postcode, pc4, huisnummer, huisletter, toevoeging, words };
}

/** True when the query says nothing searchable. */
export function isEmptyQuery(q: AddressQuery): boolean {
  return !q.postcode && !q.pc4 && q.huisnummer === null && q.words.length === 0;
}
