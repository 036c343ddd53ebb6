/**
 * A small stand-in for the service's public API (same shapes as issue 5), for developing the viewer and for
 * the e2e suite while the real service is not in the tree. It serves `viewer/dist` at `/`.
 * Run: `npx tsx test/e2e/mock-api.ts` (after `npm run build:viewer`), then open http://localhost:8787/.
 */
import express from 'express';
import geojsonvt from 'geojson-vt';
import { fromGeojsonVt } from 'vt-pbf';
import { fileURLToPath } from 'node:url';
import { resolve } from 'node:path';

const CLASSES = ['A', 'B', 'C', 'D', 'E'] as const;
const classOf = (p: number): string => (p < 0.1 ? 'A' : p < 0.25 ? 'B' : p < 0.5 ? 'C' : p < 0.75 ? 'D' : 'E');

interface MockAddress { id: string; straat: string; huisnummer: number; postcode: string; lon: number; lat: number; p: number; buurt: string }

function buildData() {
  const buurten: GeoJSON.Feature<GeoJSON.Polygon>[] = [];
  const addresses: MockAddress[] = [];
  const cols = 6;
  const rows = 5;
  const [w, s, e, n] = [4.7, 52.42, 4.87, 52.52];
  for (let i = 0; i < cols; i += 1) {
    for (let j = 0; j < rows; j += 1) {
      const k = i * rows + j;
      const x0 = w + ((e - w) * i) / cols;
      const x1 = w + ((e - w) * (i + 1)) / cols;
      const y0 = s + ((n - s) * j) / rows;
      const y1 = s + ((n - s) * (j + 1)) / rows;
      const mean = ((k * 37) % 90) / 100 + 0.02;
      const code = `BU0479${String(k).padStart(4, '0')}`;
      const dwellings = k % 7 === 3 ? null : 40 + ((k * 53) % 400);
      buurten.push({
        type: 'Feature',
        geometry: { type: 'Polygon', coordinates: [[[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]]] },
        properties: {
          code, naam: `Buurt ${k + 1}`, wijkCode: `WK0479${String(i).padStart(2, '0')}`, woonplaats: 'Zaandam', schematic: true,
          dwellings, meanProbability: dwellings === null ? null : mean, riskClass: dwellings === null ? null : classOf(mean),
          expectedProblems: dwellings === null ? null : Math.round(mean * dwellings), shareDE: dwellings === null ? null : Math.min(1, mean * 0.8),
          sharePre1945: ((k * 17) % 100) / 100, surveyed: k % 3 === 0 ? null : 10 + (k % 20), restored: k % 2 === 0 ? null : 10 + (k % 5),
        },
      });
      for (let a = 0; a < 8; a += 1) {
        addresses.push({
          id: `0479010000${String(k * 8 + a).padStart(6, '0')}`, straat: `Zuiddijk`, huisnummer: k * 8 + a + 1, postcode: `1506${String.fromCharCode(65 + (k % 26))}B`,
          lon: x0 + ((x1 - x0) * (a + 1)) / 9, lat: (y0 + y1) / 2, p: Math.min(0.97, mean + (a - 4) * 0.03 + 0.01), buurt: code,
        });
      }
    }
  }
  return { buurten, addresses };
}

function answerFor(a: MockAddress, overrides: Record<string, number | string> = {}) {
  const gw = typeof overrides.grondwater_nap_m === 'number' ? overrides.grondwater_nap_m : -1.6;
  const p = Math.max(0.01, Math.min(0.99, a.p + (-1.6 - gw) * 0.3));
  const factors = [
    { feature: 'bouwjaar', labelNl: 'Bouwjaar', labelEn: 'Construction year', value: 1925, unit: 'jaar', contribution: 0.9 },
    { feature: 'grondwater_nap_m', labelNl: 'Grondwaterstand (GLG)', labelEn: 'Groundwater level (mean lowest)', value: gw, unit: 'm NAP', contribution: (-1.6 - gw) * 1.2 + 0.3 },
    { feature: 'veendikte_m', labelNl: 'Veendikte', labelEn: 'Peat thickness', value: 3.2, unit: 'm', contribution: -0.4 },
  ].sort((x, y) => Math.abs(y.contribution) - Math.abs(x.contribution));
  const restored = a.huisnummer % 17 === 0;
  return {
    address: { id: a.id, pandId: `0479100000${a.id.slice(-6)}`, straat: a.straat, huisnummer: a.huisnummer, huisletter: null, toevoeging: null, postcode: a.postcode, woonplaats: 'Zaandam', buurtCode: a.buurt, buurtNaam: 'Buurt', lon: a.lon, lat: a.lat },
    scored: !restored,
    reason: restored ? { code: 'ALREADY_RESTORED', message: 'The foundation was restored in 2004.' } : null,
    risk: restored ? null : { probability: p, riskClass: classOf(p), conformal: { alpha: 0.05, set: p > 0.8 ? ['problem'] : p < 0.1 ? ['no-problem'] : ['no-problem', 'problem'], verdict: p > 0.8 ? 'problem' : p < 0.1 ? 'no-problem' : 'uncertain' }, baseValue: -1.1, factors },
    mechanisms: [
      { code: 'droogstand', labelNl: 'Paalrot door droogstand', labelEn: 'Pile rot (dry pile heads)', riskClass: 'C', reliability: 'indicatief', explanationNl: 'Grondwater 0,3 m boven paalkop.', explanationEn: 'Groundwater 0.3 m above pile head.' },
      { code: 'bacterieel', labelNl: 'Bacteriële aantasting', labelEn: 'Bacterial decay', riskClass: 'D', reliability: 'indicatief', explanationNl: 'Korte grenen palen, ouder dan 90 jaar.', explanationEn: 'Short pine piles, over 90 years old.' },
    ],
    inputs: [
      { name: 'bouwjaar', labelNl: 'Bouwjaar', labelEn: 'Construction year', value: 1925, unit: 'jaar', source: 'register' },
      { name: 'grondwater_nap_m', labelNl: 'Grondwaterstand (GLG)', labelEn: 'Groundwater level', value: gw, unit: 'm NAP', source: 'grondwater_nap_m' in overrides ? 'assumed' : 'modelled' },
      { name: 'bodemdaling_mm_jr', labelNl: 'Bodemdaling', labelEn: 'Subsidence rate', value: 3.5, unit: 'mm/jaar', source: 'measured' },
      { name: 'paallengte_m', labelNl: 'Paallengte', labelEn: 'Pile length', value: null, unit: 'm', source: 'missing' },
      { name: 'maaiveld_nap_m', labelNl: 'Maaiveldhoogte', labelEn: 'Surface level', value: -0.8, unit: 'm NAP', source: 'measured' },
      { name: 'pleistoceen_nap_m', labelNl: 'Bovenkant Pleistoceen zand', labelEn: 'Top of Pleistocene sand', value: -12.5, unit: 'm NAP', source: 'modelled' },
      { name: 'funderingtype', labelNl: 'Funderingtype', labelEn: 'Foundation type', value: 'houten-palen', unit: '', source: 'archive' },
    ],
    survey: a.huisnummer % 5 === 0 ? { onderzocht: true, onderzochtJaar: 2019, kwaliteitsklasse: 'C', hersteld: restored, herstelJaar: restored ? 2004 : null, droogstand: false, funderingtype: 'houten-palen' } : null,
    modelVersion: 'mock-0.1', datasetName: 'zaanstad-demo (mock)',
  };
}

/** An Express app with the mock API and the built viewer at `/`. */
export function createMockApp(distDir: string): express.Express {
  const { buurten, addresses } = buildData();
  const collection: GeoJSON.FeatureCollection = { type: 'FeatureCollection', features: buurten };
  const buurtIndex = new geojsonvt(collection as never, { maxZoom: 14, indexMaxZoom: 5 });
  const addressIndex = new geojsonvt({ type: 'FeatureCollection', features: addresses.map((a) => ({ type: 'Feature', geometry: { type: 'Point', coordinates: [a.lon, a.lat] }, properties: { id: a.id, riskClass: classOf(a.p), probability: a.p } })) } as never, { maxZoom: 16, indexMaxZoom: 5 });
  const app = express();
  app.use(express.json());
  app.get('/v1/buurten', (req, res) => {
    if (req.query.format === 'csv') {
      res.type('text/csv').send(['code,naam,dwellings', ...buurten.map((b) => `${b.properties?.code},${b.properties?.naam},${b.properties?.dwellings ?? ''}`)].join('\n'));
      return;
    }
    res.json({ ...collection, metadata: { synthetic: true, schematic: true, modelVersion: 'mock-0.1', datasetName: 'zaanstad-demo (mock)' } });
  });
  app.get('/v1/buurten/:code', (req, res) => {
    const b = buurten.find((f) => f.properties?.code === req.params.code);
    if (!b) return void res.status(404).type('application/problem+json').send({ code: 'BUURT_NOT_FOUND', title: 'Not found', detail: req.params.code });
    const periods = ['voor 1920', '1920–1944', '1945–1969', '1970–1994', 'vanaf 1995', 'onbekend'];
    res.json({ ...b.properties, byPeriod: periods.map((period, i) => ({ period, count: i === 5 ? null : 12 + i * 30 })), byClass: [...CLASSES, 'niet gescoord'].map((riskClass, i) => ({ riskClass, count: i === 5 ? null : 15 + i * 20 })) });
  });
  app.get('/v1/addresses', (req, res) => {
    const q = String(req.query.q ?? '').toUpperCase().replace(/\s+/g, '');
    const results = addresses.filter((a) => `${a.postcode}${a.huisnummer}`.includes(q) || `${a.straat}${a.huisnummer}`.toUpperCase().includes(q)).slice(0, Number(req.query.limit ?? 8));
    res.json({ query: q, results: results.map((a) => ({ id: a.id, label: `${a.straat} ${a.huisnummer}, ${a.postcode} Zaandam`, straat: a.straat, huisnummer: a.huisnummer, huisletter: null, toevoeging: null, postcode: a.postcode, woonplaats: 'Zaandam', lon: a.lon, lat: a.lat })) });
  });
  app.get('/v1/addresses/:id', (req, res) => {
    const a = addresses.find((x) => x.id === req.params.id);
    if (!a) return void res.status(404).type('application/problem+json').send({ code: 'ADDRESS_NOT_FOUND', title: 'Not found', detail: req.params.id });
    res.json(answerFor(a));
  });
  app.post('/v1/addresses/:id/what-if', (req, res) => {
    const a = addresses.find((x) => x.id === req.params.id);
    if (!a) return void res.status(404).type('application/problem+json').send({ code: 'ADDRESS_NOT_FOUND', title: 'Not found', detail: req.params.id });
    const before = answerFor(a);
    const after = answerFor(a, (req.body as { overrides?: Record<string, number | string> }).overrides ?? {});
    const changes = (after.risk?.factors ?? []).map((f) => ({ feature: f.feature, labelNl: f.labelNl, labelEn: f.labelEn, valueBefore: before.risk?.factors.find((b) => b.feature === f.feature)?.value ?? null, valueAfter: f.value, contributionBefore: before.risk?.factors.find((b) => b.feature === f.feature)?.contribution ?? null, contributionAfter: f.contribution })).filter((c) => c.valueBefore !== c.valueAfter);
    res.json({ before, after, changes });
  });
  app.get('/v1/model', (_req, res) => res.json({ formatVersion: 1, version: 'mock-0.1', datasetName: 'zaanstad-demo (mock)', synthetic: true, label: 'funderingsprobleem', calibration: { method: 'platt', a: 1, b: 0 }, conformal: { alpha: 0.05, qhat: 0.8, calibrationRows: 500 }, operatingThreshold: 0.5, features: [{ name: 'bouwjaar', labelNl: 'Bouwjaar', labelEn: 'Construction year', unit: 'jaar', kind: 'numeric' }] }));
  app.get('/v1/model/card', (_req, res) => res.json({ metrics: { rocAuc: 0.81, brier: 0.12 }, roc: [{ fpr: 0, tpr: 0 }, { fpr: 0.2, tpr: 0.6 }, { fpr: 1, tpr: 1 }], calibration: [{ meanPredicted: 0.1, observedRate: 0.12 }, { meanPredicted: 0.5, observedRate: 0.45 }], limitations: ['Synthetic data.', 'Survey data is selection-biased.'] }));
  const tile = (index: InstanceType<typeof geojsonvt>, layer: string) => (req: express.Request, res: express.Response) => {
    const t = index.getTile(Number(req.params.z), Number(req.params.x), Number(req.params.y));
    if (!t) return void res.status(204).end();
    res.type('application/vnd.mapbox-vector-tile').send(Buffer.from(fromGeojsonVt({ [layer]: t }, { version: 2 })));
  };
  app.get('/tiles/buurten/:z/:x/:y.mvt', tile(buurtIndex, 'buurten'));
  app.get('/tiles/addresses/:z/:x/:y.mvt', (req, res) => (Number(req.params.z) < 15 ? void res.status(204).end() : tile(addressIndex, 'addresses')(req, res)));
  app.use(express.static(distDir));
  return app;
}

const isMain = process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  const port = Number(process.argv[2] ?? 8787);
  createMockApp(resolve(fileURLToPath(import.meta.url), '../../../viewer/dist')).listen(port, () => console.log(`mock API + viewer on http://localhost:${port}/`));
}
