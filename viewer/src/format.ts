import { getLang, t } from './i18n.js';
import { POSTCODE_TYPED_PATTERN } from '../../service/domain/ids.js';
import { INPUT_SOURCE_LABELS, type InputSource, categoryLabel } from '../../service/features/inputs.js';

const locale = (): string => (getLang() === 'nl' ? 'nl-NL' : 'en-GB');

/** Formats a number in the current language; `null` becomes the given fallback. */
export function fmtNumber(value: number | null | undefined, digits = 0, fallback = '—'): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return fallback;
  return value.toLocaleString(locale(), { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/** Formats a 0–1 share as a percentage. */
export function fmtPercent(value: number | null | undefined, digits = 0, fallback = '—'): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return fallback;
  return `${fmtNumber(value * 100, digits)} %`;
}

/** A suppressed count (null in public output) reads "< 10". */
export function fmtCount(value: number | null | undefined): string {
  return value === null || value === undefined ? t('suppressedCount') : fmtNumber(value);
}

/** A suppressed derived figure reads "onderdrukt" / "suppressed". */
export function fmtDerived(value: number | null | undefined, kind: 'percent' | 'number', digits = 0): string {
  if (value === null || value === undefined) return t('suppressed');
  return kind === 'percent' ? fmtPercent(value, digits) : fmtNumber(value, digits);
}

/** A value with its unit, e.g. "-1,20 m NAP". */
export function fmtValue(value: unknown, unit: string, digits = 2): string {
  if (value === null || value === undefined) return t('unknown');
  if (typeof value === 'number') {
    if (unit === 'jaar') return String(value);
    const d = Number.isInteger(value) ? 0 : digits;
    return unit ? `${fmtNumber(value, d)} ${unitLabel(unit)}` : fmtNumber(value, d);
  }
  return String(value);
}

/** A category value of a registry input (e.g. a foundation type) in the current language. */
export function fmtCategory(name: string, value: string): string {
  return categoryLabel(name, value, getLang());
}

/** Where an input value comes from (measured, register, …), in the current language. */
export function fmtSource(source: InputSource): string {
  return INPUT_SOURCE_LABELS[source]?.[getLang()] ?? source;
}

/** The value of an input as shown: category values by their label, numbers with their unit. */
export function fmtInput(name: string, value: unknown, unit: string): string {
  return typeof value === 'string' ? fmtCategory(name, value) : fmtValue(value, unit);
}

/** Translates the few Dutch unit words the API uses. */
export function unitLabel(unit: string): string {
  if (getLang() === 'nl') return unit;
  return unit.replace('mm/jaar', 'mm/yr').replace('lagen', 'floors').replace('jaar', 'yr');
}

/** "1506AB" → "1506 AB" (the way Dutch postcodes are written); other text is returned as it was. */
export function formatPostcode(postcode: string): string {
  const m = POSTCODE_TYPED_PATTERN.exec(postcode.trim());
  return m ? `${m[1]} ${m[2].toUpperCase()}` : postcode;
}

/** A year as written, without thousands separator ("1863", never "1.863"). */
export function fmtYear(year: number | null | undefined): string {
  return year === null || year === undefined ? t('unknown') : String(Math.round(year));
}
