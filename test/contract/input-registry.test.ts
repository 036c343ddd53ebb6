/**
 * Walks the input registry (service/features/inputs.ts) against every place an input appears: the model's
 * features, the HTTP schemas and OpenAPI, the dataset reader and writer, the PostGIS columns and row
 * mapping, the address answer and the viewer bundle. Adding an input to the registry is checked here end
 * to end, without naming it.
 */
import { build } from 'esbuild';
import { gunzipSync } from 'node:zlib';
import { renderDataset, parseAddresses } from '../../service/adapters/dataset/dataset-files.js';
import { ADDRESS_COLUMNS, ADDRESS_OPTIONAL_COLUMNS } from '../../service/adapters/dataset/dataset-schema.js';
import { ENTRY_SELECT, type AddressEntryRow, addressOf } from '../../service/adapters/postgis/entry-rows.js';
import { copyDataset } from '../../service/adapters/postgis/loader.js';
import { migrate } from '../../service/adapters/postgis/migrations.js';
import { createPool } from '../../service/adapters/postgis/pool.js';
import { inputProvenance } from '../../service/domain/input-provenance.js';
import type { AddressRecord, Dataset } from '../../service/domain/records.js';
import { FEATURES } from '../../service/features/feature-spec.js';
import { withNeighbourhoodEvidence } from '../../service/features/evidence.js';
import { featureInputFromAddress } from '../../service/features/from-address.js';
import {
  CATEGORY_LABELS,
  FEATURE_INPUT_KEYS,
  INPUT_SPECS,
  type InputSpec,
  MODEL_INPUT_SPECS,
  WHAT_IF_SPECS,
  recordKey,
  type RegisteredName,
} from '../../service/features/inputs.js';
import { openApiDocument } from '../../service/http/openapi.js';
import { ROUTES } from '../../service/http/route-table.js';
import { scoreRowSchema, whatIfSchema } from '../../service/http/schemas.js';

/** A value inside the registry's range or categories, different per spec. */
function sampleValue(spec: InputSpec, i: number): number | string {
  switch (spec.type) {
    case 'category':
      return spec.categories[i % spec.categories.length];
    case 'string':
      return `blok-${i}`;
    case 'integer':
      return Math.round(spec.min + (spec.max - spec.min) * 0.25);
    case 'number':
      return Number((spec.min + (spec.max - spec.min) * 0.37).toFixed(2));
  }
}

/** An address with every registered attribute known. */
function fullAddress(id = '0479010000000001'): AddressRecord {
  const a: Record<string, unknown> = {
    verblijfsobjectId: id,
    pandId: '0479100000000001',
    buurtCode: 'BU04790001',
    straat: 'Zuiddijk',
    huisnummer: 12,
    huisletter: null,
    toevoeging: null,
    postcode: '1501AB',
    woonplaats: 'Zaandam',
    lon: 4.82,
    lat: 52.44,
  };
  INPUT_SPECS.forEach((s, i) => {
    a[recordKey(s.name as RegisteredName)] = sampleValue(s, i);
  });
  return a as unknown as AddressRecord;
}

/** An address of an older dataset: none of the optional columns. */
function olderAddress(id: string): AddressRecord {
  const a = fullAddress(id) as unknown as Record<string, unknown>;
  for (const s of INPUT_SPECS) if (s.dataset === 'optional') delete a[recordKey(s.name as RegisteredName)];
  return a as unknown as AddressRecord;
}

const square = (lon: number, lat: number, d: number) => [
  [
    [lon - d, lat - d],
    [lon + d, lat - d],
    [lon + d, lat + d],
    [lon - d, lat + d],
    [lon - d, lat - d],
  ],
];

function datasetOf(addresses: AddressRecord[]): Dataset {
  return {
    info: { formatVersion: 1, name: 'registry-test', synthetic: true, description: 'test', seed: null, referenceYear: 2026 },
    buurten: [
      {
        code: 'BU04790001',
        naam: 'Test',
        wijkCode: 'WK047900',
        gemeenteCode: 'GM0479',
        woonplaats: 'Zaandam',
        pc4: '1501',
        huishoudens: null,
        oppervlakteHa: null,
        schematic: true,
        geometry: { type: 'Polygon', coordinates: square(4.82, 52.44, 0.01) },
      },
    ],
    addresses,
    register: [],
  };
}

describe('the input registry', () => {
  it('when the registry is read, then every name is unique, snake_case and every category list has a label per value', () => {
    const names = INPUT_SPECS.map((s) => s.name);
    expect(new Set(names).size).toBe(names.length);
    for (const s of INPUT_SPECS) {
      expect(s.name).toMatch(/^[a-z][a-z0-9]*(_[a-z0-9]+)*$/);
      expect(s.labelNl.length).toBeGreaterThan(0);
      expect(s.labelEn.length).toBeGreaterThan(0);
      expect(s.provenance.length).toBeGreaterThan(0);
      if (s.type === 'category') {
        const labels = (CATEGORY_LABELS as unknown as Record<string, Record<string, { nl: string; en: string }>>)[s.name];
        expect(Object.keys(labels).sort()).toEqual([...s.categories].sort());
      }
      if (s.type === 'number' || s.type === 'integer') expect(s.min).toBeLessThan(s.max);
    }
  });

  it("when the model's features are compared, then `model` is true exactly for the inputs a feature is computed from, and shared names agree", () => {
    const used = new Set(FEATURES.flatMap((f) => f.inputs));
    for (const name of used) expect(FEATURE_INPUT_KEYS).toContain(name);
    for (const s of INPUT_SPECS) expect([s.name, s.model]).toEqual([s.name, used.has(s.name as never)]);
    for (const f of FEATURES) {
      const s = INPUT_SPECS.find((x) => x.name === f.name);
      if (!s || f.inputs.length !== 1 || f.inputs[0] !== f.name) continue;
      // A feature that is its input unchanged carries the input's labels, unit and categories.
      expect([f.labelNl, f.labelEn, f.unit]).toEqual([s.labelNl, s.labelEn, s.unit]);
      if (s.type === 'category') expect(f.categories).toEqual(s.categories);
    }
  });
});

describe('the HTTP schemas and OpenAPI against the registry', () => {
  const score = (row: object) => scoreRowSchema.safeParse(row).success;
  const whatIf = (overrides: object) => whatIfSchema.safeParse({ overrides }).success;

  it('when a score row is validated, then it takes exactly the model inputs, each within its range or categories', () => {
    for (const s of INPUT_SPECS) {
      expect([s.name, score({ [s.name]: sampleValue(s, 0) })]).toEqual([s.name, s.model && s.role === 'input']);
    }
    for (const s of MODEL_INPUT_SPECS) expectBounds(s, (v) => score({ [s.name]: v }));
    const parsed = scoreRowSchema.parse({});
    expect(Object.keys(parsed)).toEqual([...FEATURE_INPUT_KEYS]);
  });

  it('when a what-if is validated, then it takes exactly the inputs marked whatIf, each within its range or categories', () => {
    for (const s of INPUT_SPECS) expect([s.name, whatIf({ [s.name]: sampleValue(s, 0) })]).toEqual([s.name, s.whatIf]);
    for (const s of WHAT_IF_SPECS) expectBounds(s, (v) => whatIf({ [s.name]: v }));
  });

  it('when the OpenAPI document is built, then the score row, the what-if and the answer inputs document the registry', () => {
    const doc = openApiDocument('test', ROUTES) as {
      paths: Record<
        string,
        Record<
          string,
          {
            requestBody?: { content: Record<string, { schema: Json }> };
            responses: Record<string, { content?: Record<string, { schema: Json }> }>;
          }
        >
      >;
    };
    const scoreRow = doc.paths['/v1/score'].post.requestBody!.content['application/json'].schema.oneOf![0];
    expect(Object.keys(scoreRow.properties!).sort()).toEqual(MODEL_INPUT_SPECS.map((s) => s.name).sort());
    const overrides = doc.paths['/v1/addresses/{id}/what-if'].post.requestBody!.content['application/json'].schema.properties!.overrides;
    expect(Object.keys(overrides.properties!).sort()).toEqual(WHAT_IF_SPECS.map((s) => s.name).sort());
    for (const s of WHAT_IF_SPECS) expectDocumented(s, overrides.properties![s.name]);
    const answer = doc.paths['/v1/addresses/{id}'].get.responses['200'].content!['application/json'].schema;
    expect(findEnum(answer.properties!.inputs)).toEqual([...FEATURE_INPUT_KEYS]);
  });
});

interface Json {
  type?: string | string[];
  enum?: unknown[];
  minimum?: number;
  maximum?: number;
  maxLength?: number;
  properties?: Record<string, Json>;
  oneOf?: Json[];
  anyOf?: Json[];
  items?: Json;
}

function findEnum(inputs: Json): unknown[] {
  return inputs.items!.properties!.name.enum!;
}

/** The schema of a nullable field (anyOf [field, null]) as documented. */
function documentedField(j: Json): Json {
  return j.anyOf?.find((x) => x.type !== 'null') ?? j;
}

function expectDocumented(s: InputSpec, j: Json): void {
  const f = documentedField(j);
  if (s.type === 'category') expect(f.enum).toEqual([...s.categories]);
  else if (s.type === 'string') expect(f.maxLength).toBe(s.maxLength);
  else expect([s.name, f.minimum, f.maximum]).toEqual([s.name, s.min, s.max]);
}

function expectBounds(s: InputSpec, accepts: (v: unknown) => boolean): void {
  expect([s.name, accepts(null)]).toEqual([s.name, true]);
  if (s.type === 'category') {
    for (const c of s.categories) expect([s.name, c, accepts(c)]).toEqual([s.name, c, true]);
    expect([s.name, accepts('geen-categorie')]).toEqual([s.name, false]);
  } else if (s.type === 'string') {
    expect([s.name, accepts('x'.repeat(s.maxLength + 1))]).toEqual([s.name, false]);
  } else {
    expect([s.name, accepts(s.min), accepts(s.max)]).toEqual([s.name, true, true]);
    expect([s.name, accepts(s.min - 1), accepts(s.max + 1), accepts('1')]).toEqual([s.name, false, false, false]);
    if (s.type === 'integer') expect([s.name, accepts(s.min + 0.5)]).toEqual([s.name, false]);
  }
}

describe('the dataset reader and writer against the registry', () => {
  it('when an address with every registered attribute is written and read, then it comes back equal, under the registry column names', () => {
    const a = fullAddress();
    const files = renderDataset(datasetOf([a]), null);
    const text = gunzipSync(files.get('addresses.csv.gz')!).toString('utf8');
    expect(text.split('\n')[0].split(',')).toEqual([...ADDRESS_COLUMNS, ...ADDRESS_OPTIONAL_COLUMNS]);
    for (const s of INPUT_SPECS) expect(ADDRESS_COLUMNS.includes(s.name) || ADDRESS_OPTIONAL_COLUMNS.includes(s.name)).toBe(true);
    expect(parseAddresses('addresses.csv', files.get('addresses.csv.gz')!)).toEqual([a]);
  });

  it('when a dataset has no optional values, then the writer leaves their columns out and the reader reads such an older file as unknown', () => {
    const old = olderAddress('0479010000000002');
    const files = renderDataset(datasetOf([old]), null);
    const header = gunzipSync(files.get('addresses.csv.gz')!).toString('utf8').split('\n')[0];
    expect(header.split(',')).toEqual([...ADDRESS_COLUMNS]);
    const [read] = parseAddresses('addresses.csv', files.get('addresses.csv.gz')!);
    expect(read).toEqual(old);
    for (const s of INPUT_SPECS.filter((x) => x.dataset === 'optional')) expect(featureInputFromAddress(read)[s.name as never]).toBeNull();
  });

  it('when a file has a column the registry does not know, then it is ignored', () => {
    const files = renderDataset(datasetOf([olderAddress('0479010000000003')]), null);
    const [header, ...rows] = gunzipSync(files.get('addresses.csv.gz')!).toString('utf8').trimEnd().split('\n');
    const withExtra = Buffer.from([`${header},toekomstige_kolom`, ...rows.map((r) => `${r},42`)].join('\n'));
    expect(parseAddresses('addresses.csv', withExtra)).toEqual([olderAddress('0479010000000003')]);
  });

  it('when an optional value is out of range, then the reader names the file, line and column', () => {
    for (const s of INPUT_SPECS.filter((x) => x.dataset === 'optional' && (x.type === 'number' || x.type === 'integer'))) {
      const a = fullAddress() as unknown as Record<string, unknown>;
      a[recordKey(s.name as RegisteredName)] = (s as { max: number }).max + 1;
      const bytes = renderDataset(datasetOf([a as unknown as AddressRecord]), null).get('addresses.csv.gz')!;
      expect(() => parseAddresses('addresses.csv', bytes)).toThrow(new RegExp(`addresses\\.csv, line 2, field "${s.name}"`));
    }
  });
});

describe('the address answer against the registry', () => {
  it('when an address with every attribute known is reported, then each input appears once with its registry label, unit and a registry provenance kind', () => {
    const a = fullAddress();
    const report = inputProvenance(a, featureInputFromAddress(a), new Set());
    expect(report.map((r) => r.name)).toEqual([...FEATURE_INPUT_KEYS]);
    for (const r of report) {
      const s = INPUT_SPECS.find((x) => x.name === r.name)!;
      expect([r.labelNl, r.labelEn, r.unit]).toEqual([s.labelNl, s.labelEn, s.unit]);
      expect(s.provenance).toContain(r.source);
      expect(r.value).toEqual(sampleValue(s, INPUT_SPECS.indexOf(s)));
    }
  });
});

describe('the viewer bundle against the shared modules', () => {
  it('when the viewer is bundled, then the registry, the id patterns and the zoom constants are bundled from the service modules themselves', async () => {
    const result = await build({
      entryPoints: ['viewer/src/main.ts'],
      bundle: true,
      write: false,
      metafile: true,
      format: 'esm',
      logLevel: 'silent',
      plugins: [
        {
          name: 'maplibre-external',
          setup: (b) => {
            b.onResolve({ filter: /^maplibre-gl$/ }, () => ({ path: 'maplibre-gl', external: true }));
          },
        },
      ],
    });
    const inputs = Object.keys(result.metafile.inputs);
    for (const shared of ['service/features/inputs.ts', 'service/domain/ids.ts', 'service/domain/tile-zooms.ts'])
      expect(inputs).toContain(shared);
    // The bundle carries the registry's labels (the card's inputs and category names) and no other copy.
    const js = result.outputFiles[0].text;
    expect(js).toContain(CATEGORY_LABELS.funderingtype['houten-palen-betonopzetter'].en);
  }, 60_000);
});

const databaseUrl = process.env.DATABASE_URL;
if (!databaseUrl) console.warn('SKIPPED: input registry against PostGIS columns (DATABASE_URL is not set).');
const describePg = databaseUrl ? describe : describe.skip;

describePg('the PostGIS columns against the registry', () => {
  const schema = `registry_${process.pid}`;
  const pool = databaseUrl
    ? createPool({ connectionString: databaseUrl, max: 2, statementTimeoutMs: 0, connectTimeoutMs: 5_000, schema })
    : null!;
  beforeAll(async () => {
    await pool.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE; CREATE SCHEMA ${schema}`);
    await migrate(pool);
  });
  afterAll(async () => {
    await pool.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await pool.end();
  });

  it('when the migrations have run, then every registered attribute is a column of its table with the type of its kind', async () => {
    const { rows } = await pool.query<{ table_name: string; column_name: string; data_type: string }>(
      `SELECT table_name, column_name, data_type FROM information_schema.columns WHERE table_schema = $1 AND table_name IN ('addresses', 'soil')`,
      [schema],
    );
    const typeOf = new Map(rows.map((r) => [`${r.table_name}.${r.column_name}`, r.data_type]));
    const sqlType = { number: 'double precision', integer: 'integer', category: 'text', string: 'text' } as const;
    for (const s of INPUT_SPECS) expect([s.name, typeOf.get(`${s.table}.${s.name}`)]).toEqual([s.name, sqlType[s.type]]);
  });

  it('when a dataset with every attribute known and an older one are loaded, then the rows map back to the same address records (with the neighbourhood evidence the memory store attaches)', async () => {
    const addresses = [fullAddress('0479010000000001'), olderAddress('0479010000000002')];
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      await copyDataset(client, datasetOf(addresses));
      const { rows } = await client.query<AddressEntryRow>(`${ENTRY_SELECT} ORDER BY a.verblijfsobject_id`);
      expect(rows.map(addressOf)).toEqual(withNeighbourhoodEvidence(datasetOf(addresses)).addresses);
      await client.query('ROLLBACK');
    } finally {
      client.release();
    }
  });
});
