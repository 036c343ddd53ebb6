/**
 * One-edit string matching for typo-tolerant address search: one letter replaced, left out, added, or
 * two neighbouring letters swapped ("zuidijk", "zuidduk", "zuididjk" against "zuiddijk"). Written
 * without allocating, since a search compares a typed word with every street name.
 */

/** Dutch "ij" and "y" are typed for each other ("Zuiddyk"): both are compared as "y". */
export const foldIj = (s: string): string => (s.includes('ij') ? s.replace(/ij/g, 'y') : s);

/** A word and its folded form, without repeats (most words have no "ij"). */
export const variants = (s: string): string[] => {
  const f = foldIj(s);
  return f === s ? [s] : [s, f];
};

/** True when `w` from `i` equals `t` from `j` or, with `prefix`, is a prefix of it. */
function restMatches(w: string, i: number, t: string, j: number, prefix: boolean): boolean {
  const n = w.length - i;
  if (n < 0 || (prefix ? t.length - j < n : t.length - j !== n)) return false;
  for (let k = 0; k < n; k += 1) if (w.charCodeAt(i + k) !== t.charCodeAt(j + k)) return false;
  return true;
}

function oneEdit(w: string, t: string, prefix: boolean): boolean {
  let i = 0;
  while (i < w.length && i < t.length && w.charCodeAt(i) === t.charCodeAt(i)) i += 1;
  if (i === w.length) return prefix || t.length - i <= 1;
  return (
    restMatches(w, i + 1, t, i + 1, prefix) || // replaced
    restMatches(w, i + 1, t, i, prefix) || // added
    restMatches(w, i, t, i + 1, prefix) || // left out
    (i + 1 < w.length &&
      i + 1 < t.length &&
      w.charCodeAt(i) === t.charCodeAt(i + 1) &&
      w.charCodeAt(i + 1) === t.charCodeAt(i) &&
      restMatches(w, i + 2, t, i + 2, prefix))
  ); // swapped
}

/** True when `w` equals `t` after at most one edit (a whole word, not a prefix). */
export function withinOneEdit(w: string, t: string): boolean {
  return Math.abs(w.length - t.length) <= 1 && oneEdit(w, t, false);
}

/** True when `w` is a prefix of `t` after at most one edit. */
export function prefixWithinOneEdit(w: string, t: string): boolean {
  return oneEdit(w, t, true);
}
