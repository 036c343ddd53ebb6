import type { FeatureInput, ModelInput } from '../features/feature-spec.js';
import { featureInputFromAddress } from '../features/from-address.js';
import type { AddressEntry } from '../ports/store.js';
import type { ConformalAnswer } from './conformal.js';
import { type InputReport, inputProvenance } from './input-provenance.js';
import type { MeasuredInputs } from './surveys/measured-inputs.js';
import { type MechanismVerdict, mechanismVerdicts } from './mechanisms.js';
import type { RegisterRecord, RiskClass } from './records.js';
import { type FactorContribution, type RiskClassScale, type RiskScorer, insufficientData } from './risk-scorer.js';

/** A machine-readable reason why an address has no model answer, explained in English and Dutch. */
export interface NotScoredReason {
  code: 'NO_BUILDING' | 'ALREADY_RESTORED' | 'INSUFFICIENT_DATA';
  message: string;
  messageNl: string;
}

/** The full answer an inspector sees for one address. */
export interface AddressAnswer {
  address: {
    id: string;
    pandId: string | null;
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
  reason: NotScoredReason | null;
  risk: null | {
    /** Stock scale (the chance this building's foundation is D/E), null when the model has no stock calibration. */
    probability: number | null;
    /** Survey scale (the chance a foundation survey would find D/E). */
    probabilitySurvey: number;
    riskClass: RiskClass;
    riskClassScale: RiskClassScale;
    conformal: ConformalAnswer;
    baseValue: number;
    factors: FactorContribution[];
  };
  mechanisms: MechanismVerdict[];
  inputs: InputReport[];
  survey: Omit<RegisterRecord, 'pandId'> | null;
  modelVersion: string;
  datasetName: string;
  /** sha256 of the served dataset folder (compare with the model card's dataset hash), or null if unknown. */
  datasetVersion: string | null;
}

/** Context the answer needs beyond the address itself. */
export interface AnswerContext {
  scorer: RiskScorer;
  referenceYear: number;
  datasetName: string;
  datasetVersion: string | null;
  buurtNaam: string | null;
  /** Inputs an inspector recorded as measured for this building (they replace the dataset's values). */
  measured?: MeasuredInputs | null;
}

function reasonFor(entry: AddressEntry, x: FeatureInput): NotScoredReason | null {
  if (entry.address.pandId === null) {
    return {
      code: 'NO_BUILDING',
      message:
        'This address has no building (pand) in the register, e.g. a houseboat berth (ligplaats) or caravan pitch (standplaats); there is no foundation to score.',
      messageNl:
        'Bij dit adres hoort geen pand in de registratie, bijvoorbeeld een ligplaats (woonboot) of standplaats; er is geen fundering om te beoordelen.',
    };
  }
  if (entry.register?.hersteld) {
    const year = entry.register.herstelJaar;
    return {
      code: 'ALREADY_RESTORED',
      message: `The foundation was restored${year ? ` in ${year}` : ''}; the model does not score restored foundations.`,
      messageNl: `De fundering is hersteld${year ? ` in ${year}` : ''}; het model beoordeelt geen herstelde funderingen.`,
    };
  }
  const insufficient = insufficientData(x);
  return insufficient ? { code: 'INSUFFICIENT_DATA', ...insufficient } : null;
}

/** Builds the answer for an address, optionally with what-if overrides applied to its inputs. */
export async function buildAddressAnswer(
  entry: AddressEntry,
  ctx: AnswerContext,
  overrides: Partial<FeatureInput> = {},
): Promise<AddressAnswer> {
  const a = entry.address;
  const measured = ctx.measured ?? null;
  const x: ModelInput = { ...featureInputFromAddress(a), ...measured?.values, ...overrides };
  const reason = reasonFor(entry, x);
  let risk: AddressAnswer['risk'] = null;
  if (!reason) {
    // The precomputed score is this model's answer for these very inputs; only a what-if needs the model.
    const stored = entry.score;
    const fresh =
      Object.keys(overrides).length > 0 ||
      (measured?.notes.size ?? 0) > 0 ||
      stored.probability === null ||
      stored.margin === null ||
      stored.modelVersion !== ctx.scorer.modelVersion;
    const result = fresh ? await ctx.scorer.scoreOne(x) : ctx.scorer.resultOf(stored.probability!, stored.margin!, x.bouwjaar);
    const { baseValue, factors } = ctx.scorer.explain(x);
    risk = {
      probability: result.probability,
      probabilitySurvey: result.probabilitySurvey,
      riskClass: result.riskClass,
      riskClassScale: result.riskClassScale,
      conformal: result.conformal,
      baseValue,
      factors,
    };
  }
  const survey = entry.register ? (({ pandId: _omit, ...rest }) => rest)(entry.register) : null;
  return {
    address: {
      id: a.verblijfsobjectId,
      pandId: a.pandId,
      straat: a.straat,
      huisnummer: a.huisnummer,
      huisletter: a.huisletter,
      toevoeging: a.toevoeging,
      postcode: a.postcode,
      woonplaats: a.woonplaats,
      buurtCode: a.buurtCode,
      buurtNaam: ctx.buurtNaam,
      lon: a.lon,
      lat: a.lat,
    },
    scored: risk !== null,
    reason,
    risk,
    // Without a building there is no foundation for the rule-based mechanisms to judge either.
    mechanisms: a.pandId === null ? [] : mechanismVerdicts(x, ctx.referenceYear),
    inputs: inputProvenance(a, x, new Set(Object.keys(overrides) as (keyof FeatureInput)[]), measured?.notes, ctx.scorer.trainingRanges),
    survey,
    modelVersion: ctx.scorer.modelVersion,
    datasetName: ctx.datasetName,
    datasetVersion: ctx.datasetVersion,
  };
}

/** One factor's change between the current answer and a what-if answer. */
export interface FactorChange {
  feature: string;
  labelNl: string;
  labelEn: string;
  valueBefore: number | string | null;
  valueAfter: number | string | null;
  contributionBefore: number | null;
  contributionAfter: number | null;
}

/** Compares two answers factor by factor (only factors whose value or contribution changed). */
export function factorChanges(before: AddressAnswer, after: AddressAnswer): FactorChange[] {
  const find = (ans: AddressAnswer, f: string) => ans.risk?.factors.find((c) => c.feature === f) ?? null;
  const names = (after.risk ?? before.risk)?.factors.map((f) => f.feature) ?? [];
  return names
    .map((name) => {
      const b = find(before, name);
      const af = find(after, name);
      const base = af ?? b!;
      return {
        feature: name,
        labelNl: base.labelNl,
        labelEn: base.labelEn,
        valueBefore: b?.value ?? null,
        valueAfter: af?.value ?? null,
        contributionBefore: b?.contribution ?? null,
        contributionAfter: af?.contribution ?? null,
      };
    })
    .filter((c) => c.valueBefore !== c.valueAfter || Math.abs((c.contributionBefore ?? 0) - (c.contributionAfter ?? 0)) > 1e-9);
}
