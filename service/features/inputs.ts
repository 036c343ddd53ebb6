/**
 * The input registry: every building, soil, water and archive attribute declared ONCE, with its name,
 * type, unit, range or categories (Dutch and English labels), where it lives (dataset column, SQL table
 * and column), which provenance kinds it can have and whether the model uses it.
 *
 * One name per attribute: the dataset column, the SQL column, the HTTP field and the key of
 * {@link FeatureInput} are all `name` (snake_case); the property of the domain's `AddressRecord` is the
 * same name camel-cased mechanically ({@link recordKey}), never spelled by hand.
 *
 * Derived from this list: the HTTP zod schemas (and so OpenAPI), the dataset reader and writer columns,
 * the PostGIS row mapping and loader column lists, the model input of an address, the address answer's
 * inputs with their provenance, and the viewer's labels, enums and what-if controls.
 * `test/contract/input-registry.test.ts` walks it against every schema.
 *
 * Plain data only (no zod, no Node APIs): the viewer bundles this module itself.
 *
 * Adding a numeric input: one entry here, its column in a PostGIS migration, and the dataset that has it.
 */

/** Where an input value comes from. */
export const INPUT_SOURCES = ['measured', 'register', 'archive', 'modelled', 'assumed', 'missing'] as const;
export type InputSource = (typeof INPUT_SOURCES)[number];

/** Labels of the provenance kinds, as the address card shows them. */
export const INPUT_SOURCE_LABELS: Readonly<Record<InputSource, Label>> = {
  measured: { nl: 'gemeten', en: 'measured' },
  register: { nl: 'register', en: 'register' },
  archive: { nl: 'archief', en: 'archive' },
  modelled: { nl: 'model', en: 'modelled' },
  assumed: { nl: 'aangenomen', en: 'assumed' },
  missing: { nl: 'ontbrekend', en: 'missing' },
};

/** Dutch and English label. */
export interface Label {
  readonly nl: string;
  readonly en: string;
}

/** Building types as they appear in datasets and API input. */
export const WONINGTYPES = ['rijwoning', 'twee-onder-een-kap', 'vrijstaand', 'appartement'] as const;
export type Woningtype = (typeof WONINGTYPES)[number];

/** Foundation types (when known from the building archive or a survey). */
export const FUNDERINGTYPES = ['op-staal', 'houten-palen', 'houten-palen-betonopzetter', 'betonnen-palen'] as const;
export type Funderingtype = (typeof FUNDERINGTYPES)[number];

/** Where a groundwater level comes from: a nearby well or a groundwater model. */
export const GRONDWATER_BRONNEN = ['peilbuis', 'model'] as const;
export type GrondwaterBron = (typeof GRONDWATER_BRONNEN)[number];

/** Labels of every category value, keyed by value (exhaustive per list, checked by the compiler). */
export const CATEGORY_LABELS: {
  readonly woningtype: Record<Woningtype, Label>;
  readonly funderingtype: Record<Funderingtype, Label>;
  readonly grondwater_bron: Record<GrondwaterBron, Label>;
} = {
  woningtype: {
    rijwoning: { nl: 'rijwoning', en: 'terraced house' },
    'twee-onder-een-kap': { nl: 'twee-onder-een-kap', en: 'semi-detached house' },
    vrijstaand: { nl: 'vrijstaand', en: 'detached house' },
    appartement: { nl: 'appartement', en: 'apartment' },
  },
  funderingtype: {
    'op-staal': { nl: 'op staal', en: 'shallow (op staal)' },
    'houten-palen': { nl: 'houten palen', en: 'wooden piles' },
    'houten-palen-betonopzetter': { nl: 'houten palen met betonopzetter', en: 'wooden piles with concrete top' },
    'betonnen-palen': { nl: 'betonnen palen', en: 'concrete piles' },
  },
  grondwater_bron: {
    peilbuis: { nl: 'peilbuis', en: 'monitoring well' },
    model: { nl: 'grondwatermodel', en: 'groundwater model' },
  },
};

interface SpecBase {
  readonly name: string;
  readonly labelNl: string;
  readonly labelEn: string;
  readonly unit: string;
  /**
   * `input`: a key of {@link FeatureInput}, reported in the address answer with its provenance.
   * `attribute`: a dataset and SQL column of the address that is not itself an input (it qualifies one).
   */
  readonly role: 'input' | 'attribute';
  /** `optional`: older dataset folders do not have the column (read as unknown); written only when some row has a value. */
  readonly dataset: 'required' | 'optional';
  /** The PostGIS table holding the column (named `name`). */
  readonly table: 'addresses' | 'soil';
  /** True when a model feature is computed from it (kept consistent with `FEATURES` by the registry test). */
  readonly model: boolean;
  /** True when the what-if endpoint accepts an override of it. */
  readonly whatIf: boolean;
  /** Provenance kinds a known value can have; the first is the default. */
  readonly provenance: readonly InputSource[];
  /** The attribute whose value says which provenance kind applies (value → kind). */
  readonly sourceBy?: { readonly attribute: string; readonly kinds: Readonly<Record<string, InputSource>> };
}

/** A numeric input (`integer` for whole numbers). */
export interface NumberSpec extends SpecBase {
  readonly type: 'number' | 'integer';
  readonly min: number;
  readonly max: number;
  /** Message when an integer is not whole (default: "<name> must be a whole number"). */
  readonly wholeMessage?: string;
}

/** A categorical input; the categories and their labels are in {@link CATEGORY_LABELS}. */
export interface CategorySpec extends SpecBase {
  readonly type: 'category';
  readonly categories: readonly [string, ...string[]];
}

/** A free identifier. */
export interface StringSpec extends SpecBase {
  readonly type: 'string';
  readonly maxLength: number;
}

export type InputSpec = NumberSpec | CategorySpec | StringSpec;

/** The registry, in dataset column order (required columns first, optional ones after; the writer keeps this order). */
export const INPUTS = [
  {
    name: 'bouwjaar',
    labelNl: 'Bouwjaar',
    labelEn: 'Construction year',
    unit: 'jaar',
    type: 'integer',
    min: 1000,
    max: 2100,
    wholeMessage: 'bouwjaar must be a whole year',
    role: 'input',
    dataset: 'required',
    table: 'addresses',
    model: true,
    whatIf: true,
    provenance: ['register'],
  },
  {
    name: 'woningtype',
    labelNl: 'Woningtype',
    labelEn: 'Building type',
    unit: '',
    type: 'category',
    categories: WONINGTYPES,
    role: 'input',
    dataset: 'required',
    table: 'addresses',
    model: true,
    whatIf: true,
    provenance: ['register'],
  },
  {
    name: 'bouwlagen',
    labelNl: 'Bouwlagen',
    labelEn: 'Floors',
    unit: 'lagen',
    type: 'integer',
    min: 1,
    max: 100,
    role: 'input',
    dataset: 'required',
    table: 'addresses',
    model: true,
    whatIf: true,
    provenance: ['register'],
  },
  {
    name: 'woningen_in_pand',
    labelNl: 'Woningen in het pand',
    labelEn: 'Dwellings in the building',
    unit: '',
    type: 'integer',
    min: 1,
    max: 10000,
    role: 'attribute',
    dataset: 'required',
    table: 'addresses',
    model: false,
    whatIf: false,
    provenance: ['register'],
  },
  {
    name: 'maaiveld_nap_m',
    labelNl: 'Maaiveldhoogte',
    labelEn: 'Surface level',
    unit: 'm NAP',
    type: 'number',
    min: -10,
    max: 50,
    role: 'input',
    dataset: 'required',
    table: 'soil',
    model: true,
    whatIf: true,
    provenance: ['measured'],
  },
  {
    name: 'veendikte_m',
    labelNl: 'Veendikte',
    labelEn: 'Peat thickness',
    unit: 'm',
    type: 'number',
    min: 0,
    max: 30,
    role: 'input',
    dataset: 'required',
    table: 'soil',
    model: true,
    whatIf: true,
    provenance: ['modelled'],
  },
  {
    name: 'pleistoceen_nap_m',
    labelNl: 'Bovenkant Pleistoceen zand',
    labelEn: 'Top of Pleistocene sand',
    unit: 'm NAP',
    type: 'number',
    min: -60,
    max: 10,
    role: 'input',
    dataset: 'required',
    table: 'soil',
    model: true,
    whatIf: true,
    provenance: ['modelled'],
  },
  {
    name: 'grondwater_nap_m',
    labelNl: 'Grondwaterstand (GLG)',
    labelEn: 'Groundwater level (mean lowest)',
    unit: 'm NAP',
    type: 'number',
    min: -15,
    max: 50,
    role: 'input',
    dataset: 'required',
    table: 'soil',
    model: true,
    whatIf: true,
    provenance: ['modelled', 'measured'],
    sourceBy: { attribute: 'grondwater_bron', kinds: { peilbuis: 'measured', model: 'modelled' } },
  },
  {
    name: 'grondwater_bron',
    labelNl: 'Bron grondwaterstand',
    labelEn: 'Groundwater level source',
    unit: '',
    type: 'category',
    categories: GRONDWATER_BRONNEN,
    role: 'attribute',
    dataset: 'required',
    table: 'soil',
    model: false,
    whatIf: false,
    provenance: ['register'],
  },
  {
    name: 'bodemdaling_mm_jr',
    labelNl: 'Bodemdaling',
    labelEn: 'Subsidence rate',
    unit: 'mm/jaar',
    type: 'number',
    min: -50,
    max: 20,
    role: 'input',
    dataset: 'required',
    table: 'soil',
    model: true,
    whatIf: true,
    provenance: ['measured'],
  },
  {
    name: 'funderingtype',
    labelNl: 'Funderingtype (archief)',
    labelEn: 'Foundation type (archive)',
    unit: '',
    type: 'category',
    categories: FUNDERINGTYPES,
    role: 'input',
    dataset: 'required',
    table: 'addresses',
    model: true,
    whatIf: true,
    provenance: ['archive'],
  },
  {
    name: 'bouwblok_id',
    labelNl: 'Bouwblok',
    labelEn: 'Building block',
    unit: '',
    type: 'string',
    maxLength: 64,
    role: 'input',
    dataset: 'optional',
    table: 'addresses',
    model: false,
    whatIf: false,
    provenance: ['archive'],
  },
  {
    name: 'paalkop_nap_m',
    labelNl: 'Paalkophoogte (archief)',
    labelEn: 'Pile-head level (archive)',
    unit: 'm NAP',
    type: 'number',
    min: -8,
    max: 3,
    role: 'input',
    dataset: 'optional',
    table: 'addresses',
    model: true,
    whatIf: false,
    provenance: ['archive'],
  },
  // Known pile length (archive, survey or a what-if). The model feature of the same name is the estimate
  // surface − sand; the known length enters the model as the evidence features paallengte_archief_m and
  // paallengte_tekort_m; the rule-based bacterial-decay class prefers a known length. Unknown → the estimate, 'assumed'.
  {
    name: 'paallengte_m',
    labelNl: 'Paallengte',
    labelEn: 'Pile length',
    unit: 'm',
    type: 'number',
    min: 0,
    max: 60,
    role: 'input',
    dataset: 'optional',
    table: 'addresses',
    model: true,
    whatIf: true,
    provenance: ['archive', 'assumed'],
  },
  {
    name: 'ophoging_m',
    labelNl: 'Ophoging sinds de bouw',
    labelEn: 'Ground raised since construction',
    unit: 'm',
    type: 'number',
    min: 0,
    max: 3,
    role: 'input',
    dataset: 'optional',
    table: 'soil',
    model: true,
    whatIf: false,
    provenance: ['register'],
  },
  {
    name: 'grondwater_droog_nap_m',
    labelNl: 'Grondwaterstand in een droge zomer',
    labelEn: 'Groundwater level in a dry summer',
    unit: 'm NAP',
    type: 'number',
    min: -8,
    max: 3,
    role: 'input',
    dataset: 'optional',
    table: 'soil',
    model: true,
    whatIf: false,
    provenance: ['modelled'],
  },
] as const satisfies readonly InputSpec[];

type Spec = (typeof INPUTS)[number];
type ValueOf<S> = S extends { type: 'category'; categories: readonly (infer C)[] } ? C : S extends { type: 'string' } ? string : number;

/** `a_b_c` → `aBC`, as a type. */
export type CamelCase<S extends string> = S extends `${infer H}_${infer T}` ? `${H}${Capitalize<CamelCase<T>>}` : S;

/** Every registered name (inputs and attributes). */
export type RegisteredName = Spec['name'];
/** The names of the inputs. */
export type InputName = Extract<Spec, { role: 'input' }>['name'];

/**
 * The raw, nullable attributes of one building that the model and the rule-based mechanisms may use.
 * `null` means unknown; the model handles missing values natively, so unknown is a legitimate input,
 * never a reason to invent a value.
 */
export type FeatureInput = { -readonly [S in Extract<Spec, { role: 'input' }> as S['name']]: ValueOf<S> | null };

/** The registered attributes as properties of an address record (optional dataset columns may be absent). */
export type RecordAttributes = { -readonly [S in Extract<Spec, { dataset: 'required' }> as CamelCase<S['name']>]: ValueOf<S> | null } & {
  -readonly [S in Extract<Spec, { dataset: 'optional' }> as CamelCase<S['name']>]?: ValueOf<S> | null;
};

/** The value type of a registered name (in a row, a record or an input). */
export type RegisteredValue<N extends RegisteredName> = ValueOf<Extract<Spec, { name: N }>>;

/** The address record's property for a registered name: `maaiveld_nap_m` → `maaiveldNapM`. */
export function recordKey<N extends RegisteredName>(name: N): CamelCase<N> {
  return name.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase()) as CamelCase<N>;
}

/** All specs, widened for generic code. */
export const INPUT_SPECS: readonly InputSpec[] = INPUTS;

/** The inputs (keys of {@link FeatureInput}) in registry order. */
export const FEATURE_INPUT_SPECS: readonly InputSpec[] = INPUT_SPECS.filter((s) => s.role === 'input');

/** Keys of {@link FeatureInput}, in a fixed order. */
export const FEATURE_INPUT_KEYS = FEATURE_INPUT_SPECS.map((s) => s.name) as readonly InputName[];

/** The inputs the model uses: exactly the fields a `POST /v1/score` row may carry. */
export const MODEL_INPUT_SPECS: readonly InputSpec[] = FEATURE_INPUT_SPECS.filter((s) => s.model);

/** The inputs a what-if may override. */
export const WHAT_IF_SPECS: readonly InputSpec[] = FEATURE_INPUT_SPECS.filter((s) => s.whatIf);

const BY_NAME = new Map<string, InputSpec>(INPUT_SPECS.map((s) => [s.name, s]));
/** [name, record key, required in datasets] of every spec, computed once (the mappings below run per row). */
const KEYS: readonly (readonly [string, string, boolean])[] = INPUT_SPECS.map((s) => [
  s.name,
  recordKey(s.name as RegisteredName),
  s.dataset === 'required',
]);
const INPUT_KEYS: readonly (readonly [string, string])[] = FEATURE_INPUT_SPECS.map((s) => [s.name, recordKey(s.name as RegisteredName)]);

/** The spec of a registered name, or undefined. */
export function inputSpec(name: string): InputSpec | undefined {
  return BY_NAME.get(name);
}

/** The label of a category value in the given language (the value itself when unknown). */
export function categoryLabel(name: string, value: string, lang: 'nl' | 'en'): string {
  const labels = (CATEGORY_LABELS as unknown as Record<string, Record<string, Label> | undefined>)[name];
  return labels?.[value]?.[lang] ?? value;
}

/** A {@link FeatureInput} with every input unknown, then `known` applied. */
export function featureInputOf(known: Partial<FeatureInput> = {}): FeatureInput {
  const x = {} as Record<string, unknown>;
  for (const key of FEATURE_INPUT_KEYS) x[key] = (known as Record<string, unknown>)[key] ?? null;
  return x as FeatureInput;
}

/** The registered attributes of an address record as a row keyed by name (absent optional ones → null). */
export function registeredValues(record: RecordAttributes): Record<string, unknown> {
  const row = {} as Record<string, unknown>;
  for (const [name, key] of KEYS) row[name] = (record as Record<string, unknown>)[key] ?? null;
  return row;
}

/** The record attributes from a row keyed by name (dataset row, SQL row). Optional ones are left out when null. */
export function recordAttributesOf(row: object): RecordAttributes {
  const out = {} as Record<string, unknown>;
  for (const [name, key, required] of KEYS) {
    const v = (row as Record<string, unknown>)[name] ?? null;
    if (v !== null || required) out[key] = v;
  }
  return out as RecordAttributes;
}

/** The model input of an address record: each input under its own name. */
export function featureInputOfRecord(record: RecordAttributes): FeatureInput {
  const x = {} as Record<string, unknown>;
  for (const [name, key] of INPUT_KEYS) x[name] = (record as Record<string, unknown>)[key] ?? null;
  return x as FeatureInput;
}
