import type { AddressAnswer, Factor, InputValue, Mechanism, Survey } from './api.js';
import { divergingChart } from './charts.js';
import { h } from './dom.js';
import { fmtPercent, fmtValue } from './format.js';
import { pick, t, tMaybe } from './i18n.js';
import { renderWhatIf } from './what-if.js';
import { classBadge, section, verdictText } from './widgets.js';

/** "Zuiddijk 12A-2" */
export function addressLine(a: AddressAnswer['address']): string {
  const number = `${a.huisnummer}${a.huisletter ?? ''}${a.toevoeging ? `-${a.toevoeging}` : ''}`;
  return `${a.straat} ${number}`;
}

/** The class, probability and conformal verdict: the headline of the card. */
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
  return h(
    'div',
    { class: 'risk-summary', 'data-testid': 'risk-summary', 'data-class': risk.riskClass },
    h(
      'p',
      { class: 'risk-headline' },
      classBadge(risk.riskClass, true),
      h('span', {}, h('span', { class: 'risk-label' }, `${t('riskClass')} ${risk.riskClass}`), h('br'), h('span', { class: 'prob' }, `${t('probability')}: `, h('strong', { 'data-testid': 'probability' }, fmtPercent(risk.probability, 1)))),
    ),
    h('p', { class: `verdict verdict-${risk.conformal.verdict}` }, verdictText(risk.conformal.verdict)),
  );
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
        h('div', {}, h('strong', {}, pick(m.labelNl, m.labelEn)), ' ', h('small', { class: 'muted' }, t('reliability', { r: m.reliability })), h('p', {}, pick(m.explanationNl, m.explanationEn))),
      ),
    ),
  );
}

function inputsTable(inputs: readonly InputValue[]): HTMLElement {
  return h(
    'table',
    { class: 'inputs' },
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, t('input')), h('th', { scope: 'col' }, t('value')), h('th', { scope: 'col' }, t('source')))),
    h(
      'tbody',
      {},
      ...inputs.map((i) =>
        h(
          'tr',
          {},
          h('th', { scope: 'row' }, pick(i.labelNl, i.labelEn)),
          h('td', {}, typeof i.value === 'string' ? tMaybe(`ft_${i.value}`, i.value) : fmtValue(i.value, i.unit)),
          h('td', {}, h('span', { class: `source source-${i.source}` }, tMaybe(`src_${i.source}`, i.source))),
        ),
      ),
    ),
  );
}

const yesNo = (v: boolean | null): string => (v === null ? t('unknown') : v ? t('yes') : t('no'));

function surveyView(survey: Survey | null): HTMLElement {
  if (!survey || !survey.onderzocht) return h('p', { class: 'muted' }, t('noSurvey'));
  const rows: [string, string | Node][] = [
    [t('surveyYear'), survey.onderzochtJaar ? String(survey.onderzochtJaar) : t('unknown')],
    [t('qualityClass'), survey.kwaliteitsklasse ? classBadge(survey.kwaliteitsklasse) : t('unknown')],
    [t('restored'), survey.hersteld ? `${t('yes')}${survey.herstelJaar ? ` (${survey.herstelJaar})` : ''}` : t('no')],
    [t('drystand'), yesNo(survey.droogstand)],
    [t('foundationType'), survey.funderingtype ? tMaybe(`ft_${survey.funderingtype}`, survey.funderingtype) : t('unknown')],
  ];
  return h('dl', { class: 'stats' }, ...rows.flatMap(([k, v]) => [h('dt', {}, k), h('dd', {}, v)]));
}

/** The whole address card: headline, factors, mechanisms, inputs, survey and what-if. */
export function renderAddressCard(answer: AddressAnswer): HTMLElement {
  const a = answer.address;
  return h(
    'article',
    { class: 'card address-card', 'aria-labelledby': 'address-title', 'data-testid': 'address-card' },
    h('p', { class: 'eyebrow' }, t('addressCard')),
    h('h2', { id: 'address-title', tabindex: '-1' }, addressLine(a)),
    h('p', { class: 'muted' }, `${a.postcode} ${a.woonplaats} · ${t('buurt')} ${a.buurtNaam ?? a.buurtCode}`),
    riskSummary(answer),
    answer.risk && answer.risk.factors.length > 0 ? factorsChart(answer.risk.factors) : null,
    answer.mechanisms.length > 0 ? section(t('mechanisms'), mechanismsTable(answer.mechanisms)) : null,
    answer.inputs.length > 0 ? section(t('inputs'), inputsTable(answer.inputs)) : null,
    section(t('survey'), surveyView(answer.survey)),
    answer.scored ? renderWhatIf(answer) : null,
    h(
      'p',
      { class: 'muted small', title: answer.datasetVersion ? `sha256 ${answer.datasetVersion}` : '' },
      t('modelVersion', { model: answer.modelVersion, dataset: answer.datasetVersion ? `${answer.datasetName} (${answer.datasetVersion.slice(0, 12)})` : answer.datasetName }),
    ),
  );
}
