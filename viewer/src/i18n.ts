/** The one dictionary: every UI text goes through {@link t}. Dutch is the default, English the switch. */

export type Lang = 'nl' | 'en';

const nl = {
  appTitle: 'Funderingsrisico Zaanstad',
  navMap: 'Kaart',
  navModel: 'Model',
  langSwitch: 'English',
  langSwitchLabel: 'Switch to English',
  skipToPanel: 'Naar het detailpaneel',
  syntheticSchematic: 'Synthetische demodata / schematische buurtgrenzen',
  synthetic: 'Synthetische demodata',
  schematic: 'Schematische buurtgrenzen',
  mapLabel: 'Kaart van funderingsrisico per buurt',
  metricLabel: 'Kaartlaag',
  metricMeanProbability: 'Gemiddelde kans op funderingsprobleem',
  metricShareDE: 'Aandeel klasse D/E',
  metricExpectedProblems: 'Verwacht aantal probleemfunderingen',
  metricSharePre1945: 'Aandeel gebouwd vóór 1945',
  metricSurveyed: 'Onderzochte panden',
  legendTitle: 'Legenda',
  legendNoData: 'geen gegevens / onderdrukt',
  legendQuantiles: 'Klassengrenzen: kwintielen van de buurten.',
  legendAddresses: 'Adressen (vanaf zoom 15): risicoklasse',
  buurtSelect: 'Buurt kiezen',
  buurtSelectPlaceholder: '— kies een buurt —',
  searchLabel: 'Zoek adres',
  searchPlaceholder: 'Postcode + huisnummer of straat',
  searchNoResults: 'Geen adressen gevonden',
  searchResults: '{n} adressen gevonden; gebruik pijltjestoetsen om te kiezen',
  searchError: 'Zoeken mislukt',
  panelIntro: 'Klik op een buurt of zoek een adres om de cijfers en de risico-onderbouwing te zien.',
  panelLabel: 'Details',
  close: 'Sluiten',
  loading: 'Laden…',
  loadError: 'Laden mislukt: {detail}',
  unknown: 'onbekend',
  suppressed: 'onderdrukt',
  suppressedCount: '< 10',
  buurt: 'Buurt',
  wijk: 'Wijk',
  dwellings: 'Woningen',
  meanProbability: 'Gemiddelde kans',
  riskClass: 'Risicoklasse',
  expectedProblems: 'Verwachte probleemfunderingen',
  shareDE: 'Aandeel klasse D/E',
  sharePre1945: 'Gebouwd vóór 1945',
  surveyed: 'Onderzocht',
  restored: 'Hersteld',
  byPeriod: 'Woningen per bouwperiode',
  byClass: 'Woningen per risicoklasse',
  notScored: 'niet gescoord',
  periodUnknown: 'onbekend',
  csvDownload: 'Download alle buurten (CSV)',
  suppressionNote: 'Aantallen onder 10 worden niet getoond (“< 10”).',
  addressCard: 'Adres',
  notScoredTitle: 'Geen risicoscore',
  probability: 'Kans op funderingsprobleem (gekalibreerd)',
  verdictProblem: 'Met 95 % zekerheid: funderingsprobleem',
  verdictNoProblem: 'Met 95 % zekerheid: geen probleem',
  verdictUncertain: 'Met 95 % zekerheid: onzeker (beide uitkomsten mogelijk)',
  factors: 'Belangrijkste factoren',
  factorsNote: 'Bijdrage aan de risicoscore (log-odds); rechts verhoogt, links verlaagt het risico.',
  raises: 'verhoogt',
  lowers: 'verlaagt',
  mechanisms: 'Klasse per mechanisme (regelgebaseerd)',
  mechanism: 'Mechanisme',
  reliability: 'betrouwbaarheid: {r}',
  inputs: 'Invoergegevens en bron',
  input: 'Gegeven',
  value: 'Waarde',
  source: 'Bron',
  src_measured: 'gemeten',
  src_register: 'register',
  src_archive: 'archief',
  src_modelled: 'model',
  src_assumed: 'aangenomen',
  src_missing: 'ontbrekend',
  survey: 'Funderingsonderzoek',
  noSurvey: 'Geen funderingsonderzoek geregistreerd.',
  surveyYear: 'Onderzocht in',
  qualityClass: 'Kwaliteitsklasse',
  restoredYear: 'Hersteld in',
  drystand: 'Droogstand waargenomen',
  foundationType: 'Funderingtype',
  yes: 'ja',
  no: 'nee',
  whatIf: 'Wat als…?',
  whatIfIntro: 'Verander een invoer en zie hoe klasse en kans veranderen.',
  groundwater: 'Grondwaterstand (m NAP)',
  subsidence: 'Bodemdaling (mm/jaar)',
  pileLength: 'Paallengte (m)',
  unchanged: '(ongewijzigd)',
  'ft_op-staal': 'op staal',
  'ft_houten-palen': 'houten palen',
  'ft_houten-palen-betonopzetter': 'houten palen met betonopzetter',
  'ft_betonnen-palen': 'betonnen palen',
  whatIfApply: 'Bereken',
  whatIfReset: 'Herstel',
  whatIfResult: 'Na wijziging: klasse {after} ({pAfter}), was {before} ({pBefore}): {delta}',
  whatIfNotScored: 'Na wijziging niet te scoren: {reason}',
  pointsDelta: '{sign}{d} procentpunt',
  changes: 'Veranderingen per factor',
  before: 'voor',
  after: 'na',
  modelVersion: 'Model {model} · dataset {dataset}',
  modelTitle: 'Het model',
  modelManifest: 'Modelgegevens',
  modelCard: 'Modelkaart',
  modelCardMissing: 'Er is nog geen modelkaart beschikbaar.',
  version: 'Versie',
  dataset: 'Dataset',
  syntheticData: 'Synthetische data',
  label: 'Doelvariabele',
  features: 'Kenmerken',
  feature: 'Kenmerk',
  unit: 'Eenheid',
  calibration: 'Kalibratie',
  conformal: 'Conforme voorspelling',
  threshold: 'Beslisgrens',
  metrics: 'Prestaties',
  plots: 'Grafieken',
  limitations: 'Beperkingen',
  otherInfo: 'Overige informatie',
  backToMap: 'Terug naar de kaart',
  tooltipNoData: 'geen gegevens',
} as const;

/** A key of the dictionary. */
export type MessageKey = keyof typeof nl;

const en: Record<MessageKey, string> = {
  appTitle: 'Foundation risk Zaanstad',
  navMap: 'Map',
  navModel: 'Model',
  langSwitch: 'Nederlands',
  langSwitchLabel: 'Schakel naar Nederlands',
  skipToPanel: 'Skip to the detail panel',
  syntheticSchematic: 'Synthetic demo data / schematic neighbourhood boundaries',
  synthetic: 'Synthetic demo data',
  schematic: 'Schematic neighbourhood boundaries',
  mapLabel: 'Map of foundation risk per neighbourhood',
  metricLabel: 'Map layer',
  metricMeanProbability: 'Mean probability of a foundation problem',
  metricShareDE: 'Share in class D/E',
  metricExpectedProblems: 'Expected number of problem foundations',
  metricSharePre1945: 'Share built before 1945',
  metricSurveyed: 'Surveyed buildings',
  legendTitle: 'Legend',
  legendNoData: 'no data / suppressed',
  legendQuantiles: 'Class boundaries: quintiles of the neighbourhoods.',
  legendAddresses: 'Addresses (from zoom 15): risk class',
  buurtSelect: 'Choose neighbourhood',
  buurtSelectPlaceholder: '— choose a neighbourhood —',
  searchLabel: 'Search address',
  searchPlaceholder: 'Postcode + house number or street',
  searchNoResults: 'No addresses found',
  searchResults: '{n} addresses found; use the arrow keys to choose',
  searchError: 'Search failed',
  panelIntro: 'Click a neighbourhood or search an address to see the figures and the reasoning behind the risk.',
  panelLabel: 'Details',
  close: 'Close',
  loading: 'Loading…',
  loadError: 'Loading failed: {detail}',
  unknown: 'unknown',
  suppressed: 'suppressed',
  suppressedCount: '< 10',
  buurt: 'Neighbourhood',
  wijk: 'District',
  dwellings: 'Dwellings',
  meanProbability: 'Mean probability',
  riskClass: 'Risk class',
  expectedProblems: 'Expected problem foundations',
  shareDE: 'Share in class D/E',
  sharePre1945: 'Built before 1945',
  surveyed: 'Surveyed',
  restored: 'Restored',
  byPeriod: 'Dwellings by construction period',
  byClass: 'Dwellings by risk class',
  notScored: 'not scored',
  periodUnknown: 'unknown',
  csvDownload: 'Download all neighbourhoods (CSV)',
  suppressionNote: 'Counts below 10 are not shown (“< 10”).',
  addressCard: 'Address',
  notScoredTitle: 'No risk score',
  probability: 'Probability of a foundation problem (calibrated)',
  verdictProblem: 'With 95 % certainty: foundation problem',
  verdictNoProblem: 'With 95 % certainty: no problem',
  verdictUncertain: 'With 95 % certainty: uncertain (both outcomes possible)',
  factors: 'Main factors',
  factorsNote: 'Contribution to the risk score (log-odds); right raises, left lowers the risk.',
  raises: 'raises',
  lowers: 'lowers',
  mechanisms: 'Class per mechanism (rule-based)',
  mechanism: 'Mechanism',
  reliability: 'reliability: {r}',
  inputs: 'Inputs and their source',
  input: 'Input',
  value: 'Value',
  source: 'Source',
  src_measured: 'measured',
  src_register: 'register',
  src_archive: 'archive',
  src_modelled: 'modelled',
  src_assumed: 'assumed',
  src_missing: 'missing',
  survey: 'Foundation survey',
  noSurvey: 'No foundation survey on record.',
  surveyYear: 'Surveyed in',
  qualityClass: 'Quality class',
  restoredYear: 'Restored in',
  drystand: 'Dry pile heads observed',
  foundationType: 'Foundation type',
  yes: 'yes',
  no: 'no',
  whatIf: 'What if…?',
  whatIfIntro: 'Change an input and see how class and probability change.',
  groundwater: 'Groundwater level (m NAP)',
  subsidence: 'Subsidence (mm/yr)',
  pileLength: 'Pile length (m)',
  unchanged: '(unchanged)',
  'ft_op-staal': 'shallow (op staal)',
  'ft_houten-palen': 'wooden piles',
  'ft_houten-palen-betonopzetter': 'wooden piles with concrete top',
  'ft_betonnen-palen': 'concrete piles',
  whatIfApply: 'Calculate',
  whatIfReset: 'Reset',
  whatIfResult: 'After the change: class {after} ({pAfter}), was {before} ({pBefore}): {delta}',
  whatIfNotScored: 'Cannot be scored after the change: {reason}',
  pointsDelta: '{sign}{d} percentage points',
  changes: 'Changes per factor',
  before: 'before',
  after: 'after',
  modelVersion: 'Model {model} · dataset {dataset}',
  modelTitle: 'The model',
  modelManifest: 'Model details',
  modelCard: 'Model card',
  modelCardMissing: 'No model card is available yet.',
  version: 'Version',
  dataset: 'Dataset',
  syntheticData: 'Synthetic data',
  label: 'Target',
  features: 'Features',
  feature: 'Feature',
  unit: 'Unit',
  calibration: 'Calibration',
  conformal: 'Conformal prediction',
  threshold: 'Decision threshold',
  metrics: 'Performance',
  plots: 'Plots',
  limitations: 'Limitations',
  otherInfo: 'Other information',
  backToMap: 'Back to the map',
  tooltipNoData: 'no data',
};

const dictionaries: Record<Lang, Record<MessageKey, string>> = { nl, en };
const STORAGE_KEY = 'funderingsrisico.lang';
let current: Lang = 'nl';
const listeners = new Set<() => void>();

/** Reads the language from `?lang=`, then local storage; Dutch otherwise. */
export function initLang(): Lang {
  const fromQuery = new URLSearchParams(location.search).get('lang');
  let stored: string | null = null;
  try {
    stored = localStorage.getItem(STORAGE_KEY);
  } catch {
    stored = null;
  }
  const wanted = fromQuery ?? stored;
  current = wanted === 'en' ? 'en' : 'nl';
  document.documentElement.lang = current;
  return current;
}

/** The current language. */
export function getLang(): Lang {
  return current;
}

/** Switches language, remembers it and tells every listener to re-render. */
export function setLang(lang: Lang): void {
  current = lang;
  document.documentElement.lang = lang;
  try {
    localStorage.setItem(STORAGE_KEY, lang);
  } catch {
    /* private mode: the switch still works for this page */
  }
  for (const listener of listeners) listener();
}

/** Registers a re-render callback for language changes; returns an unsubscribe function. */
export function onLangChange(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Looks up a message and fills `{placeholders}`. */
export function t(key: MessageKey, params?: Record<string, string | number>): string {
  const text = dictionaries[current][key] ?? nl[key] ?? key;
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (_, name: string) => String(params[name] ?? `{${name}}`));
}

/** Looks up a message by a key built at run time (e.g. a source or foundation type); falls back to the raw value. */
export function tMaybe(key: string, fallback: string): string {
  return key in nl ? t(key as MessageKey) : fallback;
}

/** Picks the API's Dutch or English label. */
export function pick(labelNl: string | null | undefined, labelEn: string | null | undefined): string {
  return (current === 'en' ? labelEn || labelNl : labelNl || labelEn) ?? '';
}
