/**
 * Values as Dutch registers write them, mapped to the dataset's own: booleans (ja/nee, j/n, waar/onwaar),
 * dates (dd-mm-jjjj) where a year is stored, decimal commas, and quality classes on the letter scale
 * A–E or the older numeric scale 1–5 ({@link OLD_CLASS_SCALE}). A value that matches none of the forms is
 * passed through unchanged, so the dataset schema refuses it with its own message.
 */
import type { RiskClass } from '../../service/domain/records.js';

const TRUE = new Set(['true', 'ja', 'j', 'waar', 'yes', 'y', '1', 'x']);
const FALSE = new Set(['false', 'nee', 'n', 'onwaar', 'no', '0']);

/** `ja`/`j`/`waar`/`true`/`1` → `true`, `nee`/`n`/`onwaar`/`false`/`0` → `false` (any case); else unchanged. */
export function dutchBoolean(value: string): string {
  const v = value.trim().toLowerCase();
  if (TRUE.has(v)) return 'true';
  if (FALSE.has(v)) return 'false';
  return value.trim();
}

/**
 * A year from a year or a date: `2004`, `12-03-2004`, `12/3/2004`, `12.03.2004` (dd-mm-jjjj) or
 * `2004-03-12` (ISO). Impossible days or months are left unchanged (and then refused).
 */
export function yearOf(value: string): string {
  const v = value.trim();
  const dmy = /^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$/.exec(v);
  const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ].*)?$/.exec(v);
  const [d, m, y] = dmy ? [Number(dmy[1]), Number(dmy[2]), dmy[3]] : iso ? [Number(iso[3]), Number(iso[2]), iso[1]] : [0, 0, ''];
  if (!y) return v;
  if (m < 1 || m > 12 || d < 1 || d > 31) return v;
  return y;
}

/**
 * The older numeric quality scale, as some registers (and pre-2010 survey reports) keep it, mapped to the
 * sector's letters (DESIGN.md: A good / restored … E acute). One step per class, same order:
 *
 * | old | letter | meaning |
 * |---|---|---|
 * | 1 | A | goed (good, or restored) |
 * | 2 | B | redelijk (fair) |
 * | 3 | C | matig (moderate; monitor) |
 * | 4 | D | slecht (poor; restore within 1–5 years) |
 * | 5 | E | zeer slecht (acute; restore now) |
 */
export const OLD_CLASS_SCALE: Readonly<Record<string, RiskClass>> = { 1: 'A', 2: 'B', 3: 'C', 4: 'D', 5: 'E' };

/** `a`…`e` → upper case; `1`…`5` → A…E by {@link OLD_CLASS_SCALE}; `klasse C` → `C`; else unchanged. */
export function qualityClass(value: string): string {
  const v = value.trim().replace(/^klasse\s+/i, '');
  if (/^[a-eA-E]$/.test(v)) return v.toUpperCase();
  if (/^[1-5]$/.test(v)) return OLD_CLASS_SCALE[v];
  return v;
}

/** A decimal comma (`-1,35`) as a decimal point; thousands separators are not accepted. */
export function decimalPoint(value: string): string {
  const v = value.trim();
  return /^[-+]?\d+,\d+$/.test(v) ? v.replace(',', '.') : v;
}
