import { type AddressQuery, normaliseText } from '../../domain/address-query.js';
import { MIN_TOLERANT_LENGTH } from '../../domain/address-ranking.js';
import type { AddressRecord } from '../../domain/records.js';
import { foldIj, prefixWithinOneEdit, variants } from '../../domain/typo-tolerance.js';

/** A distinct (street, place) pair of the current load, as the index keeps it. */
export interface StreetPair {
  straat: string;
  woonplaats: string;
  /** `ord` of its first address in natural order. */
  firstOrd: number;
}

/** A row of `street_names` as the index is built from it. */
export interface StreetNameRow extends StreetPair {
  /** Two-letter keys of its words ({@link wordKeys} of the loader: the memory store's word index). */
  wordKeys: readonly string[];
}

/** How many pairs keep the record the domain's word scores cache their normalised names on. */
export const RECORDS_KEPT = 20_000;

/** Ids of distinct names (normalised streets, or places) holding some piece of text. */
type Postings = Map<string, number[]>;

const push = (m: Postings, key: string, id: number) => {
  const list = m.get(key);
  if (!list) m.set(key, [id]);
  else if (list[list.length - 1] !== id) list.push(id);
};

/** The distinct normalised names of one kind (streets, or places), with the pairs of each. */
class Names {
  readonly text: string[] = [];
  /** Pair indexes per name, ascending by the pair's first address (`firstOrd`). */
  readonly pairs: number[][] = [];
  private readonly ids = new Map<string, number>();
  /** Name ids per trigram of the name (per whole name when shorter than three letters). */
  readonly grams: Postings = new Map();
  /** Name ids per token variant (tokens split as the domain splits them, "ij" also folded to "y"). */
  readonly tokens: Postings = new Map();
  /** Token variants by their first and by their second letter: the only ones a one-edit prefix match can reach. */
  readonly tokensByFirst: Postings = new Map();
  readonly tokensBySecond: Postings = new Map();
  readonly tokenText: string[] = [];

  /** Adds a pair of the name; returns the name's id. */
  add(name: string, pair: number): number {
    let id = this.ids.get(name);
    if (id === undefined) {
      id = this.text.length;
      this.ids.set(name, id);
      this.text.push(name);
      this.pairs.push([]);
      for (const g of gramsOf(name)) push(this.grams, g, id);
      for (const token of new Set(name.split(/[\s-]/).flatMap(variants))) {
        if (token.length === 0) continue;
        if (!this.tokens.has(token)) {
          const t = this.tokenText.length;
          this.tokenText.push(token);
          push(this.tokensByFirst, token[0], t);
          if (token.length > 1) push(this.tokensBySecond, token[1], t);
        }
        push(this.tokens, token, id);
      }
    }
    this.pairs[id].push(pair);
    return id;
  }

  /** Ids of names that hold `w` anywhere (found through the rarest trigram of `w`, then checked). */
  containing(w: string): number[] {
    if (w.length < 3) return this.text.flatMap((t, id) => (t.includes(w) ? [id] : []));
    let best: number[] | undefined;
    for (const g of gramsOf(w)) {
      const list = this.grams.get(g);
      if (!list) return [];
      if (!best || list.length < best.length) best = list;
    }
    return (best ?? []).filter((id) => this.text[id].includes(w));
  }

  /**
   * Ids of names with a token that `w` (as typed or folded) is within one edit of the start of: the
   * widest of the domain's typo matches (a whole word within one edit is such a start too). Only the
   * tokens that begin with, or have as second letter, the first or second typed letter can match.
   */
  nearTokens(w: string): number[] {
    const ids = new Set<number>();
    for (const x of variants(w)) {
      const seen = new Set<number>();
      for (const list of [
        this.tokensByFirst.get(x[0]),
        this.tokensByFirst.get(x[1]),
        this.tokensBySecond.get(x[0]),
        this.tokensBySecond.get(x[1]),
      ])
        for (const t of list ?? []) {
          if (seen.has(t)) continue;
          seen.add(t);
          if (prefixWithinOneEdit(x, this.tokenText[t])) for (const id of this.tokens.get(this.tokenText[t]) ?? []) ids.add(id);
        }
    }
    return [...ids];
  }

  /** The pairs of the given names. */
  pairsOf(ids: Iterable<number>): number[] {
    const out: number[] = [];
    for (const id of ids) for (const p of this.pairs[id]) out.push(p);
    return out;
  }

  /** How many pairs the given names hold. */
  countPairs(ids: readonly number[]): number {
    let n = 0;
    for (const id of ids) n += this.pairs[id].length;
    return n;
  }
}

/** Trigrams of a name (the name itself when shorter). */
function gramsOf(s: string): string[] {
  if (s.length < 3) return [s];
  const out: string[] = [];
  for (let i = 0; i + 3 <= s.length; i += 1) out.push(s.slice(i, i + 3));
  return out;
}

/**
 * An in-process index over the (street, place) pairs of one load, built once per load stamp, that
 * finds the pairs a word query can match without looking at the others: the memory store's word-key
 * lists, trigram lists of the distinct street and place names (a typed word matches a pair only where
 * it lies inside its street or place name), and the distinct name tokens by first and second letter
 * (the typo-tolerant pass). It only proposes candidates: the domain's word scores decide, so answers
 * equal the memory store's. Its size grows with the number of distinct names and pairs, not addresses.
 */
export class StreetIndex {
  readonly pairs: readonly StreetPair[];
  /** Pair indexes (ascending) per two-letter word key. */
  private readonly byKey = new Map<string, number[]>();
  private readonly streets = new Names();
  private readonly places = new Names();
  /** Per pair, the ids of its normalised street and place. */
  private readonly streetOf: Int32Array;
  private readonly placeOf: Int32Array;
  /** Records of recently scored pairs, least recently used first. */
  private readonly records = new Map<StreetPair, AddressRecord>();

  constructor(rows: readonly StreetNameRow[]) {
    // Per name, pairs ascend by first address: the numberless search takes the first few per group.
    const sorted = [...rows].sort((a, b) => a.firstOrd - b.firstOrd);
    // The same street or place name in many pairs is kept once.
    const interned = new Map<string, string>();
    const intern = (s: string) => {
      const kept = interned.get(s);
      if (kept !== undefined) return kept;
      interned.set(s, s);
      return s;
    };
    this.streetOf = new Int32Array(sorted.length);
    this.placeOf = new Int32Array(sorted.length);
    this.pairs = sorted.map((r, i) => {
      for (const k of r.wordKeys) push(this.byKey, intern(k), i);
      this.streetOf[i] = this.streets.add(normaliseText(r.straat), i);
      this.placeOf[i] = this.places.add(normaliseText(r.woonplaats), i);
      return { straat: intern(r.straat), woonplaats: intern(r.woonplaats), firstOrd: r.firstOrd };
    });
  }

  /**
   * The record the domain's word scores take for a pair. The domain caches a record's normalised names
   * (≈ 500 bytes) for as long as the record lives, so records are kept for the {@link RECORDS_KEPT} most
   * recently scored pairs only: memory stays bounded however many streets the country has.
   */
  recordOf(pair: StreetPair): AddressRecord {
    let record = this.records.get(pair);
    if (record) this.records.delete(pair);
    else {
      record = { straat: pair.straat, woonplaats: pair.woonplaats } as AddressRecord;
      if (this.records.size >= RECORDS_KEPT) this.records.delete(this.records.keys().next().value as StreetPair);
    }
    this.records.set(pair, record);
    return record;
  }

  /** True when the pair's street or place has a word starting with the two-letter key (binary search in the key's list). */
  private hasKey(key: string, pair: number): boolean {
    const list = this.byKey.get(key);
    if (!list) return false;
    let lo = 0;
    let hi = list.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (list[mid] === pair) return true;
      if (list[mid] < pair) lo = mid + 1;
      else hi = mid - 1;
    }
    return false;
  }

  /** How many pairs list a two-letter word key (the memory store's candidate list for it). */
  keyCount(key: string): number {
    return this.byKey.get(key)?.length ?? 0;
  }

  /**
   * Pairs the exact pass must score: those under the word key `key` (the memory store's candidates)
   * that could match every word, i.e. hold each word in their street or place name. Taken from the
   * smaller of the key's list and the pairs of the names holding the word of the fewest pairs.
   */
  exactCandidates(q: AddressQuery, key: string): StreetPair[] {
    const keyed = this.byKey.get(key) ?? [];
    let best: { s: number[]; p: number[]; n: number } | null = null;
    for (const w of q.words) {
      if (w.length < 3) continue;
      const s = this.streets.containing(w);
      const p = this.places.containing(w);
      const n = this.streets.countPairs(s) + this.places.countPairs(p);
      if (best === null || n < best.n) best = { s, p, n };
    }
    const ids = best !== null && best.n < keyed.length ? this.pairsOf(best.s, best.p) : keyed;
    const street = this.streets.text;
    const place = this.places.text;
    return ids
      .filter(
        (i) => this.hasKey(key, i) && q.words.every((w) => street[this.streetOf[i]].includes(w) || place[this.placeOf[i]].includes(w)),
      )
      .map((i) => this.pairs[i]);
  }

  /**
   * Pairs the typo-tolerant pass must score: every pair where each word lies in its street or place
   * name or, when long enough, is within one edit of the start of one of their tokens. Taken from the
   * word of the fewest such pairs.
   */
  tolerantCandidates(q: AddressQuery): StreetPair[] {
    let best: { s: number[]; p: number[]; n: number } | null = null;
    // Long words first: they have the fewest pairs, and a word under three letters is only scanned for when alone.
    for (const w of [...q.words].sort((a, b) => b.length - a.length)) {
      if (best !== null && (best.n === 0 || w.length < 3)) break;
      const s = new Set(this.streets.containing(w));
      const p = new Set(this.places.containing(w));
      if (foldIj(w).length >= MIN_TOLERANT_LENGTH) {
        for (const id of this.streets.nearTokens(w)) s.add(id);
        for (const id of this.places.nearTokens(w)) p.add(id);
      }
      const found = { s: [...s], p: [...p], n: 0 };
      found.n = this.streets.countPairs(found.s) + this.places.countPairs(found.p);
      if (best === null || found.n < best.n) best = found;
    }
    return best === null ? [] : this.pairsOf(best.s, best.p).map((i) => this.pairs[i]);
  }

  /** Indexes of the pairs of the given streets and places, ascending, each once. */
  private pairsOf(streets: readonly number[], places: readonly number[]): number[] {
    return dedupe([...this.streets.pairsOf(streets), ...this.places.pairsOf(places)]);
  }

  /** Rough bytes held (strings at 2 bytes a character plus list entries and per-entry overhead), for the docs. */
  approximateBytes(): number {
    let bytes = 0;
    const str = (s: string) => 16 + 2 * s.length;
    const strings = new Set<string>();
    for (const p of this.pairs) {
      bytes += 40 + 8; // the pair object, and its street and place ids
      strings.add(p.straat).add(p.woonplaats);
    }
    for (const s of strings) bytes += str(s);
    for (const [k, v] of this.byKey) bytes += 48 + str(k) + 8 * v.length;
    for (const names of [this.streets, this.places]) {
      for (const t of names.text) bytes += 48 + str(t);
      for (const l of names.pairs) bytes += 32 + 8 * l.length;
      for (const m of [names.grams, names.tokens, names.tokensByFirst, names.tokensBySecond])
        for (const [k, v] of m) bytes += 48 + str(k) + 8 * v.length;
      for (const t of names.tokenText) bytes += 8 + str(t);
    }
    return bytes;
  }
}

/** Ascending, without repeats. */
function dedupe(ids: number[]): number[] {
  ids.sort((a, b) => a - b);
  let n = 0;
  for (let i = 0; i < ids.length; i += 1) if (i === 0 || ids[i] !== ids[i - 1]) ids[n++] = ids[i];
  ids.length = n;
  return ids;
}
