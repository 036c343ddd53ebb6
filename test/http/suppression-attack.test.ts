import { VectorTile } from '@mapbox/vector-tile';
import { PbfReader } from 'pbf';
import request from 'supertest';
import type { LoadedDeps } from '../../service/bootstrap.js';
import { tileOf } from '../contract/store-fixture.js';
import { type Figures, type Group, attack } from '../support/differencing-attack.js';
import { appOf, loadDemoDeps } from '../support/demo-deps.js';

let deps: LoadedDeps;
beforeAll(async () => {
  deps = await loadDemoDeps();
});
afterAll(async () => {
  await deps.close();
});

const num = (v: unknown): number | null | undefined =>
  typeof v === 'number' ? v : v === null || v === '' ? null : typeof v === 'string' && /^-?\d+(\.\d+)?$/.test(v) ? Number(v) : undefined;

/** Numeric fields of an object; arrays of labelled objects become `array.label.field`. */
function flatten(o: Record<string, unknown>, into: Figures, groups?: Map<string, Set<string>>): void {
  for (const [k, v] of Object.entries(o)) {
    if (Array.isArray(v)) {
      for (const item of v as Record<string, unknown>[]) {
        const label = Object.values(item).find((x) => typeof x === 'string');
        for (const [f, x] of Object.entries(item)) {
          const n = num(x);
          if (n === undefined || typeof x === 'string') continue;
          const name = `${k}.${String(label)}.${f}`;
          into.set(name, n);
          if (groups) (groups.get(k) ?? groups.set(k, new Set()).get(k)!).add(name);
        }
      }
    } else if (typeof v !== 'string' && num(v) !== undefined) into.set(k, num(v)!);
  }
}

/** Parses the CSV export (quoted fields allowed). */
function parseCsv(text: string): Record<string, string>[] {
  const rows = text
    .trim()
    .split(/\r?\n/)
    .map((line) =>
      [...line.matchAll(/("([^"]|"")*"|[^,]*)(,|$)/g)].map((m) => m[1].replace(/^"|"$/g, '').replace(/""/g, '"')).slice(0, -1),
    );
  return rows.slice(1).map((r) => Object.fromEntries(rows[0].map((h, i) => [h, r[i]])));
}

/** Every figure published about each buurt, by source (GeoJSON, CSV, detail, tiles), as the public sees it. */
async function harvest(
  app: ReturnType<typeof appOf>,
  withTiles: boolean,
): Promise<{ codes: string[]; sources: Map<string, Figures>[]; groups: Map<string, Set<string>> }> {
  const groups = new Map<string, Set<string>>();
  const fc = JSON.parse((await request(app).get('/v1/buurten')).text) as {
    features: { properties: Record<string, unknown>; geometry: { coordinates: unknown } }[];
  };
  const csv = parseCsv((await request(app).get('/v1/buurten?format=csv')).text);
  const codes = fc.features.map((f) => String(f.properties.code));
  const sources = await Promise.all(
    fc.features.map(async (f, i) => {
      const code = codes[i];
      const json: Figures = new Map();
      flatten(f.properties, json);
      const csvRow: Figures = new Map();
      flatten(csv.find((r) => r.code === code)!, csvRow);
      const detail: Figures = new Map();
      flatten(JSON.parse((await request(app).get(`/v1/buurten/${code}`)).text), detail, groups);
      const tile: Figures = new Map();
      if (withTiles) {
        const [lon, lat] = JSON.stringify(f.geometry.coordinates)
          .match(/-?\d+\.\d+/g)!
          .map(Number);
        const [x, y] = tileOf(lon, lat, 14);
        const res = await request(app)
          .get(`/tiles/buurten/14/${x}/${y}.mvt`)
          .buffer(true)
          .parse((r, cb) => {
            const c: Buffer[] = [];
            r.on('data', (b: Buffer) => c.push(b));
            r.on('end', () => cb(null, Buffer.concat(c)));
          });
        const layer = new VectorTile(new PbfReader(res.body as Buffer)).layers.buurten;
        for (let j = 0; j < (layer?.length ?? 0); j += 1) {
          const p = layer.feature(j).properties;
          if (p.code === code) flatten(p as Record<string, unknown>, tile);
        }
      }
      return new Map([
        ['json', json],
        ['csv', csvRow],
        ['detail', detail],
        ['tile', tile],
      ]);
    }),
  );
  return { codes, sources, groups };
}

describe('small-count suppression against differencing', () => {
  it('when every published figure (JSON, CSV, detail, tiles) is combined by a differencing attacker, then no suppressed count comes back', async () => {
    const published = await harvest(appOf(deps), true);
    const reference = await harvest(appOf({ ...deps, config: { ...deps.config, suppressBelow: 1 } }), false);
    // One figure set per buurt: hidden where the JSON or detail hides it; a number any other source
    // publishes for it is a leak in itself.
    const leaks: string[] = [];
    const merged: Figures[] = published.sources.map((bySource, i) => {
      const out: Figures = new Map();
      for (const [source, figures] of bySource) {
        for (const [k, v] of figures) {
          const prev = out.get(k);
          if (
            prev === undefined ||
            (source !== 'json' &&
              source !== 'detail' &&
              prev === null &&
              v !== null &&
              out.set(k, prev) &&
              leaks.push(`${published.codes[i]} ${source}.${k}`))
          )
            out.set(k, v);
        }
      }
      return out;
    });
    const truth: Figures[] = reference.sources.map((bySource) => new Map([...bySource.get('json')!, ...bySource.get('detail')!]));
    const groups: Group[] = [...published.groups].map(([name, cells]) => ({ name, cells: [...cells] }));
    const hiddenCells = merged.reduce(
      (s, m, i) => s + [...m].filter(([k, v]) => v === null && typeof truth[i].get(k) === 'number' && truth[i].get(k) !== 0).length,
      0,
    );
    expect(hiddenCells).toBeGreaterThan(20);
    expect(leaks).toEqual([]);
    const recovered = attack(merged, truth, groups);
    expect(recovered.map((r) => `${published.codes[r.buurt]} ${r.field} = ${r.value} via ${r.how}`)).toEqual([]);
  }, 240_000); // a few hundred thousand formulas: ~25 s on a quiet machine
});

describe('small-count suppression of the wijk and gemeente aggregates', () => {
  type Area = { code: string; gemeenteCode: string; [k: string]: unknown };
  const countsOf = (o: Record<string, unknown>): Figures => {
    const out: Figures = new Map();
    flatten(o, out);
    // the counts only: totals and breakdown cells (means and shares are not counts)
    return new Map([...out].filter(([k]) => ['dwellings', 'surveyed', 'restored'].includes(k) || k.endsWith('.count')));
  };

  it('when area figures are combined with the buurt figures (an area minus its other buurten, k hidden cells summing to k), then no suppressed buurt count comes back, and every published area count is the sum of published buurt counts', async () => {
    const app = appOf(deps);
    const truthApp = appOf({ ...deps, config: { ...deps.config, suppressBelow: 1 } });
    const fc = JSON.parse((await request(app).get('/v1/buurten')).text) as {
      features: { properties: { code: string; wijkCode: string } }[];
    };
    const buurten = await Promise.all(
      fc.features.map(async (f) => ({
        code: f.properties.code,
        wijk: f.properties.wijkCode,
        gemeente: `GM${f.properties.code.slice(2, 6)}`,
        published: countsOf(JSON.parse((await request(app).get(`/v1/buurten/${f.properties.code}`)).text)),
        truth: countsOf(JSON.parse((await request(truthApp).get(`/v1/buurten/${f.properties.code}`)).text)),
      })),
    );
    const recovered: string[] = [];
    const notASum: string[] = [];
    let publishedAreaCounts = 0;
    let withheldAreaCounts = 0;
    for (const level of ['wijken', 'gemeenten'] as const) {
      const res = await request(app).get(`/v1/${level}`);
      expect(res.status).toBe(200);
      for (const area of (res.body as { areas: Area[] }).areas) {
        const parts = buurten.filter((b) => (level === 'wijken' ? b.wijk : b.gemeente) === area.code);
        expect(parts.length).toBe(area.buurten);
        for (const [field, value] of countsOf(area)) {
          if (value === null) {
            withheldAreaCounts += 1;
            continue;
          }
          publishedAreaCounts += 1;
          const hidden = parts.filter((b) => b.published.get(field) === null);
          const residual = value - parts.reduce((s, b) => s + (b.published.get(field) ?? 0), 0);
          if (hidden.length > 0 || residual !== 0) notASum.push(`${area.code} ${field}`);
          // the attacker's moves, whatever the rule above says
          if (hidden.length === 1 && hidden[0].truth.get(field) === residual)
            recovered.push(`${hidden[0].code} ${field} = ${residual} (${area.code} minus its other buurten)`);
          if (hidden.length > 1 && residual === hidden.length)
            recovered.push(`${area.code} ${field}: ${hidden.length} hidden cells summing to ${hidden.length}`);
        }
      }
    }
    // The overview tiles publish exactly the areas' JSON figures (no number of their own).
    const fcFull = JSON.parse((await request(app).get('/v1/buurten')).text) as { features: { geometry: { coordinates: unknown } }[] };
    const [lon, lat] = JSON.stringify(fcFull.features[0].geometry.coordinates)
      .match(/-?\d+\.\d+/g)!
      .map(Number);
    for (const [layer, z] of [
      ['gemeenten', 8],
      ['wijken', 11],
    ] as const) {
      const areas = (await request(app).get(`/v1/${layer}`)).body as { areas: Area[] };
      const [x, y] = tileOf(lon, lat, z);
      const res = await request(app)
        .get(`/tiles/${layer}/${z}/${x}/${y}.mvt`)
        .buffer(true)
        .parse((r, cb) => {
          const c: Buffer[] = [];
          r.on('data', (b: Buffer) => c.push(b));
          r.on('end', () => cb(null, Buffer.concat(c)));
        });
      expect(res.status).toBe(200);
      const l = new VectorTile(new PbfReader(res.body as Buffer)).layers[layer];
      expect(l?.length).toBeGreaterThan(0);
      for (let j = 0; j < l.length; j += 1) {
        const p = l.feature(j).properties;
        const area = areas.areas.find((a) => a.code === p.code)!;
        const scalars = Object.fromEntries(Object.entries(area).filter(([, v]) => v !== null && typeof v !== 'object'));
        expect(p).toEqual(scalars);
      }
    }
    expect(recovered).toEqual([]);
    expect(notASum).toEqual([]);
    // not vacuous: the demo has hidden buurt cells, and area figures both published and withheld
    expect(buurten.some((b) => [...b.published.values()].some((v) => v === null))).toBe(true);
    expect(publishedAreaCounts).toBeGreaterThan(20);
    expect(withheldAreaCounts).toBeGreaterThan(0);
  }, 240_000);
});

describe('"why" factors against differencing', () => {
  it("when an attacker who knows every area's building count subtracts the published factor means of buurten, wijken and the municipality, then no group of 1 to SUPPRESS_BELOW − 1 buildings comes back", async () => {
    const perBuurt = new Map<string, number>();
    const seen = new Set<string>();
    for (const e of await deps.store.listEntries(null)) {
      if (e.address.pandId === null || e.score.margin === null || seen.has(e.address.pandId)) continue;
      seen.add(e.address.pandId);
      perBuurt.set(e.address.buurtCode, (perBuurt.get(e.address.buurtCode) ?? 0) + 1);
    }
    const buurten = (await deps.store.listBuurten()).map((b) => b.buurt);
    const wijkOf = new Map(buurten.map((b) => [b.code, b.wijkCode]));
    // A threshold at which the demo has small buurten (its buurten hold tens to thousands of buildings).
    const k = [...perBuurt.values()].sort((a, b) => a - b)[4] + 1;
    const app = appOf({ ...deps, config: { ...deps.config, suppressBelow: k } });
    const published = async (path: string) =>
      ((await request(app).get(path)).body as { published: boolean; meanLogOdds: number | null }).published;
    const pubBuurten = new Set<string>();
    for (const b of buurten) if (await published(`/v1/buurten/${b.code}/factors`)) pubBuurten.add(b.code);
    const pubWijken = new Set<string>();
    for (const w of new Set(wijkOf.values())) if (await published(`/v1/wijken/${w}/factors`)) pubWijken.add(w);
    expect(buurten.length - pubBuurten.size).toBeGreaterThanOrEqual(5);
    const count = (codes: string[]) => codes.reduce((s, c) => s + (perBuurt.get(c) ?? 0), 0);
    const small = (n: number) => n > 0 && n < k;
    const leaks: string[] = [];
    for (const b of pubBuurten) if (small(perBuurt.get(b) ?? 0)) leaks.push(b);
    for (const w of pubWijken) {
      const rest = count(buurten.filter((b) => b.wijkCode === w && !pubBuurten.has(b.code)).map((b) => b.code));
      if (small(rest)) leaks.push(`${w} minus its published buurten = ${rest} buildings`);
    }
    const rest = count(buurten.filter((b) => !pubBuurten.has(b.code) && !pubWijken.has(b.wijkCode)).map((b) => b.code));
    if (small(rest)) leaks.push(`municipality minus published areas = ${rest} buildings`);
    expect(leaks).toEqual([]);
  }, 240_000);
});

describe('the track record against differencing', () => {
  it('when the track records of many survey streams are combined by a differencing attacker, then no suppressed outcome count comes back', async () => {
    const { mkdtempSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { readDataset, readTruth } = await import('../../service/adapters/dataset/dataset-files.js');
    const { SurveyFileStore } = await import('../../service/adapters/dataset/survey-file-store.js');
    const { simulateSurveys } = await import('../../seeds/survey-stream.js');
    const dataset = await readDataset('seeds/demo');
    const truth = (await readTruth('seeds/demo'))!;
    const dir = mkdtempSync(join(tmpdir(), 'track-attack-'));
    const published: Figures[] = [];
    const reference: Figures[] = [];
    const groups = new Map<string, Set<string>>();
    const figuresOf = (body: { models: Record<string, unknown>[] }, into: Figures, withGroups: boolean) => {
      const m = body.models[0];
      for (const k of ['surveysAfterCutoff', 'surveys', 'problems']) into.set(k, m[k] as number | null);
      for (const kind of ['byPeriod', 'overTime', 'calibration'] as const) {
        for (const g of m[kind] as Record<string, unknown>[]) {
          for (const f of kind === 'calibration' ? ['surveys'] : ['surveys', 'problems']) {
            const name = `${kind}.${String(g.group ?? g.from)}.${f}`;
            into.set(name, g[f] as number | null);
            if (withGroups) (groups.get(`${kind}.${f}`) ?? groups.set(`${kind}.${f}`, new Set()).get(`${kind}.${f}`)!).add(name);
          }
        }
      }
    };
    // 24 releases: survey streams of 40 to 270 surveys, each recorded with the served model's answer at intake
    for (let s = 0; s < 24; s += 1) {
      const fieldRecords = new SurveyFileStore(join(dir, `${s}.jsonl`), 'seeds/demo');
      for (const row of simulateSurveys(dataset, truth, { seed: 100 + s, count: 40 + 10 * s, fromYear: 2026, years: 1 })) {
        const entry = (await deps.store.getAddress(row.address_id))!;
        const said =
          entry.score.probability === null
            ? null
            : deps.scorer.resultOf(entry.score.probability, entry.score.margin!, entry.address.bouwjaar);
        await fieldRecords.append({
          kind: 'survey',
          corrects: null,
          pandId: row.pand_id,
          addressId: row.address_id,
          recordedBy: 'attack test',
          survey: {
            date: row.date,
            kwaliteitsklasse: row.kwaliteitsklasse as 'A',
            mechanisms: [],
            hersteld: false,
            herstelJaar: null,
            reportReference: row.report_reference,
            surveyorOrganisation: row.surveyor_organisation,
          },
          modelAtIntake: {
            modelVersion: deps.scorer.modelVersion,
            probability: said?.probability ?? null,
            probabilitySurvey: said?.probabilitySurvey ?? null,
            riskClass: said?.riskClass ?? null,
            set: said ? [...said.conformal.set] : null,
            reason: entry.score.reason,
          },
        });
      }
      const pub: Figures = new Map();
      figuresOf((await request(appOf({ ...deps, fieldRecords })).get('/v1/model/track-record')).body, pub, true);
      const ref: Figures = new Map();
      figuresOf(
        (await request(appOf({ ...deps, fieldRecords, config: { ...deps.config, suppressBelow: 1 } })).get('/v1/model/track-record')).body,
        ref,
        false,
      );
      published.push(pub);
      reference.push(ref);
    }
    const hidden = published.reduce((n, p, i) => n + [...p].filter(([k, v]) => v === null && (reference[i].get(k) ?? 0) !== 0).length, 0);
    expect(hidden).toBeGreaterThan(20);
    const recovered = attack(
      published,
      reference,
      [...groups].map(([name, cells]) => ({ name, cells: [...cells] })),
    );
    expect(recovered.map((r) => `release ${r.buurt} ${r.field} = ${r.value} via ${r.how}`)).toEqual([]);
  }, 600_000);
});
