/** Typed access to the service's JSON API. All URLs are relative to the page, so the viewer can be served anywhere. */

export type RiskClass = 'A' | 'B' | 'C' | 'D' | 'E';

export interface BuurtProperties {
  code: string;
  naam: string;
  wijkCode: string;
  woonplaats: string;
  schematic: boolean;
  dwellings: number | null;
  meanProbability: number | null;
  riskClass: RiskClass | null;
  expectedProblems: number | null;
  shareDE: number | null;
  sharePre1945: number | null;
  surveyed: number | null;
  restored: number | null;
}

export interface BuurtenMetadata {
  synthetic: boolean;
  schematic: boolean;
  modelVersion?: string;
  datasetName?: string;
}

export interface BuurtenCollection {
  type: 'FeatureCollection';
  metadata?: BuurtenMetadata;
  features: { type: 'Feature'; properties: BuurtProperties; geometry: { type: string; coordinates: unknown } | null }[];
}

export interface BuurtDetail extends BuurtProperties {
  byPeriod: { period: string; count: number | null }[];
  byClass: { riskClass: RiskClass | 'niet gescoord'; count: number | null }[];
}

export interface AddressSuggestion {
  id: string;
  label: string;
  postcode: string;
  woonplaats: string;
  lon: number;
  lat: number;
}

export interface Factor {
  feature: string;
  labelNl: string;
  labelEn: string;
  value: number | string | null;
  unit: string;
  contribution: number;
}

export interface Mechanism {
  code: string;
  labelNl: string;
  labelEn: string;
  riskClass: RiskClass | null;
  reliability: string;
  explanationNl: string;
  explanationEn: string;
}

export type InputSource = 'measured' | 'register' | 'archive' | 'modelled' | 'assumed' | 'missing';

export interface InputValue {
  name: string;
  labelNl: string;
  labelEn: string;
  value: number | string | null;
  unit: string;
  source: InputSource;
}

export interface Survey {
  onderzocht: boolean;
  onderzochtJaar: number | null;
  kwaliteitsklasse: RiskClass | null;
  hersteld: boolean;
  herstelJaar: number | null;
  droogstand: boolean | null;
  funderingtype: string | null;
}

export interface RiskAnswer {
  probability: number;
  riskClass: RiskClass;
  conformal: { alpha: number; set: ('no-problem' | 'problem')[]; verdict: 'problem' | 'no-problem' | 'uncertain' };
  baseValue: number;
  factors: Factor[];
}

export interface AddressAnswer {
  address: {
    id: string;
    pandId: string;
    straat: string;
    huisnummer: number;
    huisletter: string | null;
    toevoeging: string | null;
    postcode: string;
    woonplaats: string;
    buurtCode: string;
    buurtNaam: string | null;
    lon: number;
    lat: number;
  };
  scored: boolean;
  reason: { code: string; message: string } | null;
  risk: RiskAnswer | null;
  mechanisms: Mechanism[];
  inputs: InputValue[];
  survey: Survey | null;
  modelVersion: string;
  datasetName: string;
}

export interface WhatIfOverrides {
  grondwater_nap_m?: number;
  bodemdaling_mm_jr?: number;
  paallengte_m?: number;
  funderingtype?: string;
}

export interface WhatIfAnswer {
  before: AddressAnswer;
  after: AddressAnswer;
  changes: {
    feature: string;
    labelNl: string;
    labelEn: string;
    valueBefore: number | string | null;
    valueAfter: number | string | null;
    contributionBefore: number | null;
    contributionAfter: number | null;
  }[];
}

/** An API error with the problem+json fields. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly title: string,
    readonly detail: string,
  ) {
    super(detail || title || `HTTP ${status}`);
  }
}

/** Base URL of the API: `<meta name="api-base">` when present, else the page's own folder. */
export function apiBase(): string {
  const meta = document.querySelector<HTMLMetaElement>('meta[name="api-base"]')?.content;
  const base = new URL(meta || '.', location.href);
  base.hash = '';
  base.search = '';
  return base.href.endsWith('/') ? base.href : `${base.href}/`;
}

/** Absolute URL for an API path such as `v1/buurten` (templates like `{z}` stay unescaped). */
export function apiUrl(path: string): string {
  return apiBase() + path.replace(/^\//, '');
}

async function request<T>(path: string, init?: RequestInit): Promise<T> {
  const res = await fetch(apiUrl(path), { ...init, headers: { accept: 'application/json', ...init?.headers } });
  if (!res.ok) {
    const body = (await res.json().catch(() => ({}))) as Partial<{ code: string; title: string; detail: string }>;
    throw new ApiError(res.status, body.code ?? 'HTTP_ERROR', body.title ?? res.statusText, body.detail ?? '');
  }
  return (await res.json()) as T;
}

export const api = {
  buurten: () => request<BuurtenCollection>('v1/buurten'),
  buurt: (code: string) => request<BuurtDetail>(`v1/buurten/${encodeURIComponent(code)}`),
  search: (q: string, signal?: AbortSignal) =>
    request<{ query: string; results: AddressSuggestion[] }>(`v1/addresses?q=${encodeURIComponent(q)}&limit=8`, { signal }),
  address: (id: string) => request<AddressAnswer>(`v1/addresses/${encodeURIComponent(id)}`),
  whatIf: (id: string, overrides: WhatIfOverrides) =>
    request<WhatIfAnswer>(`v1/addresses/${encodeURIComponent(id)}/what-if`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ overrides }),
    }),
  model: () => request<Record<string, unknown>>('v1/model'),
  modelCard: () => request<Record<string, unknown>>('v1/model/card'),
};
