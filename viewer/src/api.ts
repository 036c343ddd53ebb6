/** Typed access to the service's JSON API. All URLs are relative to the page, so the viewer can be served anywhere. */

// The response shapes are the service's own types (type-only imports, erased by the bundler), so the
// viewer and the API cannot drift apart.
import { authHeaders } from './auth.js';
import type { AddressAnswer, FactorChange } from '../../service/domain/address-answer.js';
import type { BuurtProperties } from '../../service/domain/buurt-feature.js';
import type { BuurtSummary } from '../../service/domain/buurt-stats.js';
import type { InputReport, InputSource } from '../../service/domain/input-provenance.js';
import type { MechanismVerdict } from '../../service/domain/mechanisms.js';
import type { RegisterRecord, RiskClass } from '../../service/domain/records.js';
import type { FactorContribution } from '../../service/domain/risk-scorer.js';
import type { FeatureInput } from '../../service/features/inputs.js';
import type { AreaFactors } from '../../service/domain/buurt-factors.js';
import type { PlanAnswer, PlanRequest } from '../../service/domain/plans.js';
import type { AreaLevel, AreaProperties } from '../../service/domain/area-aggregates.js';

export type { AreaLevel, AreaProperties };

/** `GET /v1/gemeenten` and `GET /v1/wijken`: the published aggregates of the national overview. */
export interface AreasAnswer {
  metadata: { level: AreaLevel; synthetic: boolean; suppressedBelow: number };
  areas: AreaProperties[];
}

export type { AreaFactors, PlanAnswer, PlanRequest };

export type { AddressAnswer, BuurtProperties, InputSource, RiskClass };
export type Factor = FactorContribution;
export type Mechanism = MechanismVerdict;
export type InputValue = InputReport;
export type Survey = Omit<RegisterRecord, 'pandId'>;
export type RiskAnswer = NonNullable<AddressAnswer['risk']>;

export interface BuurtenMetadata {
  synthetic: boolean;
  schematic: boolean;
  modelVersion?: string;
  datasetName?: string;
  datasetVersion?: string | null;
}

export interface BuurtenCollection {
  type: 'FeatureCollection';
  metadata?: BuurtenMetadata;
  features: { type: 'Feature'; properties: BuurtProperties; geometry: { type: string; coordinates: unknown } | null }[];
}

export type BuurtDetail = BuurtProperties & Pick<BuurtSummary, 'byPeriod' | 'byClass'>;

export interface AddressSuggestion {
  id: string;
  label: string;
  postcode: string;
  woonplaats: string;
  lon: number;
  lat: number;
}

/** What-if overrides: inputs under their registry names (the service accepts those the registry marks `whatIf`). */
export type WhatIfOverrides = Partial<FeatureInput>;

export interface WhatIfAnswer {
  before: AddressAnswer;
  after: AddressAnswer;
  changes: FactorChange[];
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

/** Code of the error thrown when the API cannot be reached at all (no HTTP answer). */
export const NETWORK_ERROR = 'NETWORK_ERROR';

const connectivity = new Set<(online: boolean) => void>();

/** Registers a callback told after every request whether the API answered (any HTTP status) or not. */
export function onConnectivity(listener: (online: boolean) => void): void {
  connectivity.add(listener);
}

async function request<T>(path: string, init?: RequestInit): Promise<T> {
  let res: Response;
  try {
    res = await fetch(apiUrl(path), { ...init, headers: { accept: 'application/json', ...authHeaders(), ...init?.headers } });
  } catch (error) {
    if (init?.signal?.aborted) throw error;
    for (const listener of connectivity) listener(false);
    throw new ApiError(0, NETWORK_ERROR, '', '');
  }
  for (const listener of connectivity) listener(true);
  if (!res.ok) {
    const body = (await res.json().catch(() => ({}))) as Partial<{ code: string; title: string; detail: string }>;
    throw new ApiError(res.status, body.code ?? 'HTTP_ERROR', body.title ?? res.statusText, body.detail ?? '');
  }
  return (await res.json()) as T;
}

export const api = {
  buurten: () => request<BuurtenCollection>('v1/buurten'),
  buurt: (code: string) => request<BuurtDetail>(`v1/buurten/${encodeURIComponent(code)}`),
  /** Gemeenten, or the wijken of one gemeente. */
  areas: (level: AreaLevel, gemeente?: string) =>
    request<AreasAnswer>(level === 'gemeente' ? 'v1/gemeenten' : `v1/wijken${gemeente ? `?gemeente=${encodeURIComponent(gemeente)}` : ''}`),
  buurtFactors: (code: string) => request<AreaFactors>(`v1/buurten/${encodeURIComponent(code)}/factors`),
  plan: (body: PlanRequest) =>
    request<PlanAnswer>('v1/plans', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
  search: (q: string, signal?: AbortSignal) =>
    request<{ query: string; results: AddressSuggestion[] }>(`v1/addresses?q=${encodeURIComponent(q)}&limit=8`, { signal }),
  address: (id: string) => request<AddressAnswer>(`v1/addresses/${encodeURIComponent(id)}`),
  whatIf: (id: string, overrides: WhatIfOverrides) =>
    request<WhatIfAnswer>(`v1/addresses/${encodeURIComponent(id)}/what-if`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ overrides }),
    }),
  me: () => request<{ name: string; role: string }>('v1/me'),
  model: () => request<Record<string, unknown>>('v1/model'),
  modelCard: () => request<Record<string, unknown>>('v1/model/card'),
};
