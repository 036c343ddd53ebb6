/**
 * The requests bench/soak.ts sends, built from the served dataset: lookups, autocomplete (prefixes,
 * postcodes, one-letter typos and numbers glued to the street), single scores, small batches, buurt and
 * address tiles, and the buurten collection. Deterministic (seeded), so runs compare.
 */
import { seededRandom as random } from '../../service/domain/seeded-random.js';
import type { AddressRecord, Dataset } from '../../service/domain/records.js';

/** One request as autocannon takes it. */
export interface SoakRequest {
  method: 'GET' | 'POST';
  path: string;
  headers?: Record<string, string>;
  body?: string;
}

/** The XYZ tile holding a WGS84 point at zoom z. */
export function tileOf(lon: number, lat: number, z: number): [number, number] {
  const n = 2 ** z;
  const rad = (lat * Math.PI) / 180;
  return [Math.floor(((lon + 180) / 360) * n), Math.floor(((1 - Math.log(Math.tan(rad) + 1 / Math.cos(rad)) / Math.PI) / 2) * n)];
}

const ROW = {
  bouwjaar: 1910,
  woningtype: 'rijwoning',
  bouwlagen: 2,
  maaiveld_nap_m: -0.8,
  veendikte_m: 3.5,
  pleistoceen_nap_m: -17,
  grondwater_nap_m: -1.9,
  bodemdaling_mm_jr: -4,
  funderingtype: null,
};

/** The street with one letter left out of its first long word ("Zuiddijk" → "Zuidijk"). */
export function withTypo(straat: string): string {
  const words = straat.split(' ');
  const i = words.findIndex((w) => w.length >= 6);
  if (i < 0) return straat;
  const w = words[i];
  const at = Math.floor(w.length / 2);
  words[i] = w.slice(0, at) + w.slice(at + 1);
  return words.join(' ');
}

/** Request lists per kind, over `count` typical addresses (one address per postcode + number, scored). */
export function soakRequests(
  dataset: Dataset,
  count = 200,
): Record<'lookup' | 'autocomplete' | 'score' | 'batch' | 'buurtTile' | 'addressTile' | 'buurten', SoakRequest[]> {
  const perNumber = new Map<string, number>();
  for (const a of dataset.addresses)
    perNumber.set(`${a.postcode}/${a.huisnummer}`, (perNumber.get(`${a.postcode}/${a.huisnummer}`) ?? 0) + 1);
  const typical = dataset.addresses.filter(
    (a) => a.pandId !== null && a.bouwjaar !== null && perNumber.get(`${a.postcode}/${a.huisnummer}`) === 1,
  );
  const step = Math.max(1, Math.floor(typical.length / count));
  const some: AddressRecord[] = typical.filter((_, i) => i % step === 0).slice(0, count);
  const json = { 'content-type': 'application/json' };
  const q = (text: string) => ({ method: 'GET' as const, path: `/v1/addresses?q=${encodeURIComponent(text)}&limit=8` });
  const tiles = (zooms: number[], layer: string) =>
    some.flatMap((a) =>
      zooms.map((z) => {
        const [x, y] = tileOf(a.lon, a.lat, z);
        return { method: 'GET' as const, path: `/tiles/${layer}/${z}/${x}/${y}.mvt` };
      }),
    );
  return {
    lookup: some.map((a) => ({ method: 'GET', path: `/v1/addresses?postcode=${a.postcode}&huisnummer=${a.huisnummer}` })),
    autocomplete: some.flatMap((a, i) => [
      q(`${a.straat.slice(0, 6)} ${a.huisnummer}`),
      q(`${withTypo(a.straat)} ${a.huisnummer}`),
      q(i % 2 === 0 ? `${a.postcode.slice(0, 4)} ${a.postcode.slice(4)} ${a.huisnummer}` : `${a.straat}${a.huisnummer}`),
    ]),
    score: [{ method: 'POST', path: '/v1/score', headers: json, body: JSON.stringify({ ...ROW, bouwjaar: 1900 }) }],
    batch: [
      {
        method: 'POST',
        path: '/v1/score',
        headers: json,
        body: JSON.stringify({ rows: Array.from({ length: 10 }, (_, i) => ({ ...ROW, bouwjaar: 1880 + i * 9 })) }),
      },
    ],
    buurtTile: tiles([11, 12, 13, 14], 'buurten'),
    addressTile: tiles([15, 16, 17], 'addresses'),
    buurten: [{ method: 'GET', path: '/v1/buurten' }],
  };
}

/** A shuffled mix of the kinds, each appearing in proportion to its weight. */
export function mixed(kinds: Record<string, SoakRequest[]>, weights: Record<string, number>, size: number, seed = 13): SoakRequest[] {
  const rand = random(seed);
  const total = Object.values(weights).reduce((a, b) => a + b, 0);
  const out: SoakRequest[] = [];
  for (const [kind, w] of Object.entries(weights)) {
    const list = kinds[kind];
    for (let i = 0; i < Math.round((size * w) / total); i += 1) out.push(list[i % list.length]);
  }
  for (let i = out.length - 1; i > 0; i -= 1) {
    const j = Math.floor(rand() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

/**
 * `n` distinct deep tiles of a layer over the dataset's addresses, the zooms taken in the order given
 * (by default address tiles at zoom 20, 19, 18, 21, 22: the tiles holding addresses first).
 */
export function deepTiles(
  addresses: readonly AddressRecord[],
  n: number,
  layer: 'addresses' | 'buurten' = 'addresses',
  zooms: readonly number[] = [20, 19, 18, 21, 22],
): string[] {
  const seen = new Set<string>();
  for (const z of zooms) {
    for (const a of addresses) {
      if (seen.size >= n) return [...seen];
      const [x, y] = tileOf(a.lon, a.lat, z);
      seen.add(`/tiles/${layer}/${z}/${x}/${y}.mvt`);
    }
  }
  return [...seen];
}
