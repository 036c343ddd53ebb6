import { normaliseText } from '../../domain/address-query.js';
import type { AddressRecord } from '../../domain/records.js';

/** The normalised "street place" text searched by the store. */
export function searchText(a: Pick<AddressRecord, 'straat' | 'woonplaats'>): string {
  return `${normaliseText(a.straat)} ${normaliseText(a.woonplaats)}`;
}

/** Two-letter keys of the words of street and place (the memory store's word index, as an array). */
export function wordKeys(a: Pick<AddressRecord, 'straat' | 'woonplaats'>): string[] {
  const words = [...normaliseText(a.straat).split(/[\s-]+/), ...normaliseText(a.woonplaats).split(/[\s-]+/)];
  return [...new Set(words.filter((w) => w.length > 0).map((w) => w.slice(0, 2)))];
}
