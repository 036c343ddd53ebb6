import type { AddressAnswer, Factor, InputValue, Mechanism, RiskAnswer, Survey } from './api.js';
import { divergingChart } from './charts.js';
import { h } from './dom.js';
import { fmtCategory, fmtInput, fmtPercent, fmtSource, fmtValue, fmtYear, formatPostcode } from './format.js';
import { getLang, pick, t } from './i18n.js';
import { outsideItem, outsideRangeNote } from './outside-range.js';
import { renderWhatIf } from './what-if.js';
import { headlineProbability, riskScales } from './scales.js';
import { classBadge, section, verdictShort } from './widgets.js';

/** "Zuiddijk 12A-2" */
export function addressLine(a: AddressAnswer['address']): string {
  const number = `${a.huisnummer}${a.huisletter ?? ''}${a.toevoeging ? `-${a.toevoeging}` : ''}`;
  return `${a.straat} ${number}`;
}

/** The 95 % set and what it promises: about buildings like this one, never about this house. */
export function setStatement(risk: RiskAnswer): string {
  const scales = riskScales(risk);
  const guarantee = scales.guaranteeNl || scales.guaranteeEn ? pick(scales.guaranteeNl, scales.guaranteeEn) : t('setGuarantee');
  return `${t('conformalSet')}: ${verdictShort(risk.conformal.verdict)}. ${guarantee}`;
}

/** The probability lines, each labelled with its scale (stock only when the model serves it). */
function probabilityLines(risk: RiskAnswer): HTMLElement {
  const s = riskScales(risk);
  const headline = headlineProbability(s);
  const line = (label: string, value: number | null, testid: string): HTMLElement =>
    h(
      'span',
      { class: 'prob', 'data-testid': testid },
      `${label}: `,
      h('strong', value === headline ? { 'data-testid': 'probability' } : {}, value === null ? t('notAvailable') : fmtPercent(value, 1)),
    );
  return h(
    'span',
    { class: 'prob-lines' },
    s.stock !== undefined ? line(t('probStock'), s.stock, 'probability-stock') : null,
    line(t('probSurvey'), s.survey, 'probability-survey'),
  );
}

/** The class, probabilities and 95 % set: the model's headline. */
export function riskSummary(answer: AddressAnswer): HTMLElement {
  if (!answer.scored || !answer.risk) {
    return h(
      'div',
      { class: 'risk-summary not-scored', 'data-testid': 'risk-summary' },
      h('p', { class: 'risk-headline' }, classBadge(null, true), h('strong', {}, t('notScoredTitle'))),
      answer.reason ? h('p', {}, pick(answer.reason.messageNl, answer.reason.message), ' ', h('code', {}, answer.reason.code)) : null,
    );
  }
  const { risk } = answer;
  const scale = riskScales(risk).classScale;
  return h(
    'div',
    { class: 'risk-summary', 'data-testid': 'risk-summary', 'data-class': risk.riskClass },
    h(
      'p',
      { class: 'risk-headline' },
      classBadge(risk.riskClass, true),
      h(
        'span',
        {},
        h('span', { class: 'risk-label' }, `${t('riskClass')} ${risk.riskClass}`),
        ' ',
        h('small', { class: 'muted' }, t(scale === 'stock' ? 'classOnStock' : 'classOnSurvey')),
        h('br'),
        probabilityLines(risk),
      ),
    ),
    h('p', { class: `verdict verdict-${risk.conformal.verdict}`, 'data-testid': 'set-statement' }, setStatement(risk)),
  );
}

/** How the survey and the model's estimate relate, in one sentence an inspector can repeat. */
export function surveyRelation(answer: AddressAnswer): string {
  const survey = answer.survey;
  const year = survey?.onderzochtJaar ? String(survey.onderzochtJaar) : t('unknown');
  const surveyClass = survey?.kwaliteitsklasse ?? null;
  const modelClass = answer.risk?.riskClass ?? null;
  if (!surveyClass) return t('surveyRelNoClass', { year });
  if (!modelClass) return t('surveyRelNoModel', { year, survey: surveyClass });
  if (surveyClass === modelClass) return t('surveyRelSame', { year, survey: surveyClass });
  return t('surveyRelDiffer', { year, survey: surveyClass, model: modelClass });
}

function factorsChart(factors: readonly Factor[]): HTMLElement {
  const top = factors.slice(0, 8);
  return divergingChart(
    t('factors'),
    t('factorsNote'),
    top.map((f) => ({
      label: pick(f.labelNl, f.labelEn),
      detail: fmtValue(f.value, f.unit),
      value: f.contribution,
      signText: f.contribution >= 0 ? t('raises') : t('lowers'),
    })),
  );
}

function mechanismsTable(mechanisms: readonly Mechanism[]): HTMLElement {
  return h(
    'ul',
    { class: 'mechanisms' },
    ...mechanisms.map((m) =>
      h(
        'li',
        {},
        classBadge(m.riskClass),
        h(
          'div',
          {},
          h('strong', {}, pick(m.labelNl, m.labelEn)),
          ' ',
          h('small', { class: 'muted' }, t('reliability', { r: m.reliability })),
          h('p', {}, pick(m.explanationNl, m.explanationEn)),
        ),
      ),
    ),
  );
}

function inputsTable(inputs: readonly InputValue[]): HTMLElement {
  return h(
    'table',
    { class: 'inputs' },
    h(
      'thead',
      {},
      h('tr', {}, h('th', { scope: 'col' }, t('input')), h('th', { scope: 'col' }, t('value')), h('th', { scope: 'col' }, t('source'))),
    ),
    h(
      'tbody',
      {},
      ...inputs.map((i) =>
        h(
          'tr',
          {},
          h('th', { scope: 'row' }, pick(i.labelNl, i.labelEn)),
          h(
            'td',
            {},
            fmtInput(i.name, i.value, i.unit),
            i.outsideTrainingRange
              ? h('small', { class: 'outside-range-badge', title: outsideItem(i) }, ` ⚠ ${t('outsideRangeBadge')}`)
              : null,
          ),
          h('td', {}, h('span', { class: `source source-${i.source}` }, fmtSource(i.source))),
        ),
      ),
    ),
  );
}

const yesNo = (v: boolean | null): string => (v === null ? t('unknown') : v ? t('yes') : t('no'));

function surveyView(survey: Survey | null): HTMLElement {
  if (!survey?.onderzocht) return h('p', { class: 'muted' }, t('noSurvey'));
  const rows: [string, string | Node][] = [
    [t('surveyYear'), fmtYear(survey.onderzochtJaar)],
    [t('qualityClass'), survey.kwaliteitsklasse ? classBadge(survey.kwaliteitsklasse) : t('unknown')],
    [t('restoredBuilding'), survey.hersteld ? `${t('yes')}${survey.herstelJaar ? ` (${survey.herstelJaar})` : ''}` : t('no')],
    [t('drystand'), yesNo(survey.droogstand)],
    [t('foundationType'), survey.funderingtype ? fmtCategory('funderingtype', survey.funderingtype) : t('unknown')],
  ];
  return h('dl', { class: 'stats' }, ...rows.flatMap(([k, v]) => [h('dt', {}, k), h('dd', {}, v)]));
}

/** True when a survey is on record for the building. */
export const hasSurvey = (answer: AddressAnswer): boolean => Boolean(answer.survey?.onderzocht);

/** The survey section: the record with the sentence relating it to the model (or "no survey"). */
export function surveySection(answer: AddressAnswer): HTMLElement {
  if (!hasSurvey(answer)) return section(t('survey'), surveyView(answer.survey));
  return h(
    'section',
    { class: 'section survey-first', 'data-testid': 'survey' },
    h('h3', {}, t('surveyRecorded')),
    h('p', { 'data-testid': 'survey-relation' }, surveyRelation(answer)),
    surveyView(answer.survey),
  );
}

/** The whole address card: survey first when there is one, then the model's estimate, factors, mechanisms, inputs and what-if. */
export function renderAddressCard(answer: AddressAnswer, options: { synthetic: boolean }): HTMLElement {
  const a = answer.address;
  const surveyed = hasSurvey(answer);
  return h(
    'article',
    { class: 'card address-card', 'aria-labelledby': 'address-title', 'data-testid': 'address-card' },
    reportHead(options.synthetic),
    h('p', { class: 'eyebrow' }, t('addressCard')),
    h('h2', { id: 'address-title', tabindex: '-1' }, addressLine(a)),
    h('p', { class: 'muted' }, `${formatPostcode(a.postcode)} ${a.woonplaats} · ${t('buurt')} ${a.buurtNaam ?? a.buurtCode}`),
    h(
      'p',
      {},
      h(
        'button',
        { type: 'button', class: 'report-button', 'data-testid': 'report-button', onclick: () => window.print() },
        t('reportButton'),
      ),
    ),
    surveyed ? surveySection(answer) : null,
    surveyed ? h('h3', { class: 'model-heading' }, t('modelEstimate')) : null,
    riskSummary(answer),
    outsideRangeNote(answer),
    answer.risk && answer.risk.factors.length > 0 ? factorsChart(answer.risk.factors) : null,
    answer.mechanisms.length > 0 ? section(t('mechanisms'), mechanismsTable(answer.mechanisms)) : null,
    answer.inputs.length > 0 ? section(t('inputs'), inputsTable(answer.inputs)) : null,
    surveyed ? null : surveySection(answer),
    answer.scored ? renderWhatIf(answer) : null,
    h(
      'p',
      { class: 'muted small', 'data-testid': 'versions', title: answer.datasetVersion ? `sha256 ${answer.datasetVersion}` : '' },
      t('modelVersion', {
        model: answer.modelVersion,
        dataset: answer.datasetVersion ? `${answer.datasetName} (${answer.datasetVersion.slice(0, 12)})` : answer.datasetName,
      }),
      answer.datasetVersion ? h('span', { class: 'print-only' }, ` · sha256 ${answer.datasetVersion}`) : null,
    ),
  );
}

/** The report's own head, shown only on paper: title, date and, for demo data, the synthetic-data notice. */
function reportHead(synthetic: boolean): HTMLElement {
  const date = new Date().toLocaleDateString(getLang() === 'nl' ? 'nl-NL' : 'en-GB', { day: 'numeric', month: 'long', year: 'numeric' });
  return h(
    'header',
    { class: 'report-head print-only', 'data-testid': 'report-head' },
    h('p', { class: 'report-title' }, t('reportTitle')),
    h('p', {}, `${t('reportDate')}: ${date}`),
    h('p', { class: 'report-synthetic', 'data-testid': 'report-synthetic', hidden: !synthetic }, t('reportSynthetic')),
  );
}

/** Several dwellings share one building point: a heading and one button per address, sorted by street and number. */
export function addressChoices(answers: readonly AddressAnswer[], onPick: (id: string) => void): HTMLElement[] {
  const sorted = [...answers].sort((a, b) => addressLine(a.address).localeCompare(addressLine(b.address), 'nl', { numeric: true }));
  return [
    h('h2', { tabindex: '-1' }, t('severalAddresses', { n: sorted.length })),
    h(
      'ul',
      { class: 'address-choices' },
      ...sorted.map((a) =>
        h(
          'li',
          {},
          h(
            'button',
            { type: 'button', onclick: () => onPick(a.address.id) },
            classBadge(a.risk?.riskClass ?? null),
            h('span', { class: 'choice-label' }, addressLine(a.address)),
          ),
        ),
      ),
    ),
  ];
}
