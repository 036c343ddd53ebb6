/**
 * Dutch and English headings for the keys of a model card (`models/<version>/card.json`). The card is
 * written by training for machines; the viewer names its sections and figures in the UI's language.
 * Keys not listed fall back to a readable form of the key itself.
 */
import { inputSpec } from '../../service/features/inputs.js';

const LABELS: Record<string, [nl: string, en: string]> = {
  version: ['Versie', 'Version'],
  dataset: ['Dataset', 'Dataset'],
  name: ['Naam', 'Name'],
  hash: ['Hash (sha256)', 'Hash (sha256)'],
  synthetic: ['Synthetische data', 'Synthetic data'],
  description: ['Beschrijving', 'Description'],
  referenceYear: ['Peiljaar', 'Reference year'],
  addresses: ['Adressen', 'Addresses'],
  panden: ['Panden', 'Buildings'],
  buurten: ['Buurten', 'Neighbourhoods'],
  registerRows: ['Rijen in het funderingsregister', 'Foundation register rows'],
  surveyed: ['Onderzochte panden', 'Surveyed buildings'],
  label: ['Doelvariabele', 'Target'],
  definition: ['Definitie', 'Definition'],
  rows: ['Rijen', 'Rows'],
  positives: ['Positief (klasse D/E)', 'Positives (class D/E)'],
  prevalence: ['Aandeel positief', 'Prevalence'],
  exclusions: ['Uitgesloten', 'Exclusions'],
  surveyedWithoutClass: ['Onderzocht zonder klasse', 'Surveyed without class'],
  surveyedAfterRestoration: ['Onderzocht na herstel', 'Surveyed after restoration'],
  restoredPolicy: ['Omgang met herstelde panden', 'Restored buildings'],
  unitPolicy: ['Eenheid van een rij', 'Unit of a row'],
  split: ['Verdeling in train- en testdata', 'Train/test split'],
  method: ['Methode', 'Method'],
  fit: ['Training', 'Fit'],
  validation: ['Validatie (vroeg stoppen)', 'Validation (early stopping)'],
  calibration: ['Kalibratie', 'Calibration'],
  test: ['Test', 'Test'],
  learner: ['Leeralgoritme', 'Learner'],
  hyperparameters: ['Hyperparameters', 'Hyperparameters'],
  trees: ['Bomen', 'Trees'],
  rounds: ['Rondes', 'Rounds'],
  trainSeconds: ['Trainingstijd (s)', 'Training time (s)'],
  missingValues: ['Ontbrekende waarden', 'Missing values'],
  categorical: ['Categorische kenmerken', 'Categorical features'],
  fittedOn: ['Gefit op', 'Fitted on'],
  conformal: ['Conforme voorspelling', 'Conformal prediction'],
  alpha: ['Alfa (foutkans)', 'Alpha (error rate)'],
  qhat: ['Drempel q̂', 'Threshold q̂'],
  calibrationRows: ['Kalibratierijen', 'Calibration rows'],
  rule: ['Regel', 'Rule'],
  operatingThreshold: ['Beslisgrens', 'Operating threshold'],
  value: ['Waarde', 'Value'],
  chosenBy: ['Gekozen op', 'Chosen by'],
  metrics: ['Prestaties', 'Performance'],
  spatialTest: ['Test op andere buurten', 'Test on held-out neighbourhoods'],
  calibrationFold: ['Kalibratiebuurten', 'Calibration neighbourhoods'],
  spatialCv: ['Kruisvalidatie per buurt', 'Neighbourhood cross-validation'],
  randomCv: ['Willekeurige kruisvalidatie', 'Random cross-validation'],
  perWijkAuc: ['AUC per wijk', 'AUC per district'],
  wijkCode: ['Wijk', 'District'],
  meanPredicted: ['Gemiddelde voorspelde kans', 'Mean predicted probability'],
  observedRate: ['Waargenomen aandeel', 'Observed rate'],
  rocAuc: ['ROC-AUC', 'ROC AUC'],
  prAuc: ['PR-AUC', 'PR AUC'],
  brier: ['Brier-score', 'Brier score'],
  logLoss: ['Log-loss', 'Log loss'],
  operating: ['Bij de beslisgrens', 'At the operating threshold'],
  threshold: ['Beslisgrens', 'Threshold'],
  accuracy: ['Juistheid', 'Accuracy'],
  precision: ['Precisie', 'Precision'],
  recall: ['Gevoeligheid', 'Recall'],
  f1: ['F1', 'F1'],
  tp: ['Terecht positief', 'True positives'],
  fp: ['Onterecht positief', 'False positives'],
  tn: ['Terecht negatief', 'True negatives'],
  fn: ['Onterecht negatief', 'False negatives'],
  from: ['Van', 'From'],
  to: ['Tot', 'To'],
  count: ['Aantal', 'Count'],
  coverage: ['Dekking (95 %-sets)', 'Coverage (95 % sets)'],
  uncertainShare: ['Aandeel onzeker', 'Share uncertain'],
  perRiskClass: ['Per risicoklasse', 'Per risk class'],
  riskClass: ['Risicoklasse', 'Risk class'],
  scheme: ['Schema', 'Scheme'],
  folds: ['Vouwen', 'Folds'],
  foldAuc: ['AUC per vouw', 'AUC per fold'],
  meanAuc: ['Gemiddelde AUC', 'Mean AUC'],
  sdAuc: ['Standaardafwijking AUC', 'SD of AUC'],
  conformalCoverage: ['Conforme dekking', 'Conformal coverage'],
  pooled: ['Samengevoegd', 'Pooled'],
  selectionBias: ['Selectie-effect', 'Selection bias'],
  surveyedTestVsLabel: ['Onderzochte testpanden tegen het registerlabel', 'Surveyed test buildings vs. register label'],
  surveyedTestVsTruth: ['Onderzochte testpanden tegen de werkelijkheid', 'Surveyed test buildings vs. truth'],
  testBuurtenStockVsTruth: ['Alle panden in de testbuurten tegen de werkelijkheid', 'All buildings in the test neighbourhoods vs. truth'],
  wholeStockVsTruth: ['Hele voorraad tegen de werkelijkheid', 'Whole stock vs. truth'],
  wholeStockTruth: ['Werkelijk aandeel in de hele voorraad', 'True rate in the whole stock'],
  surveyedTruth: ['Werkelijk aandeel bij onderzochte panden', 'True rate among surveyed buildings'],
  surveyedLabel: ['Registerlabel bij onderzochte panden', 'Register label among surveyed buildings'],
  labelAgreement: ['Overeenstemming label en werkelijkheid', 'Label agreement with truth'],
  limitations: ['Beperkingen', 'Limitations'],
  benchmark: ['Vergelijking met andere leeralgoritmen', 'Benchmark against other learners'],
  trainRows: ['Trainingsrijen', 'Training rows'],
  testRows: ['Testrijen', 'Test rows'],
  maxDepth: ['Maximale diepte', 'Maximum depth'],
  learningRate: ['Leersnelheid', 'Learning rate'],
  maxBins: ['Maximaal aantal bakjes', 'Maximum bins'],
  machine: ['Machine', 'Machine'],
  seconds: ['Seconden', 'Seconds'],
  timeRatio: ['Tijd t.o.v. referentie', 'Time vs. reference'],
  aucDelta: ['Verschil in AUC', 'AUC difference'],
  plots: ['Grafieken', 'Plots'],
  roc: ['ROC-curve', 'ROC curve'],
  a: ['a', 'a'],
  b: ['b', 'b'],
};

/** "rocAuc" → "Roc auc", "false_positive_rate" → "False positive rate": the fallback for unknown keys. */
export function humanize(key: string): string {
  const spaced = key
    .replace(/[_-]+/g, ' ')
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase();
  return spaced.charAt(0).toUpperCase() + spaced.slice(1);
}

/** The heading for a card key in the given language; an input's name gets the input registry's label. */
export function cardLabel(key: string, lang: 'nl' | 'en'): string {
  const labels = LABELS[key];
  if (labels) return labels[lang === 'nl' ? 0 : 1];
  const input = inputSpec(key);
  return input ? (lang === 'nl' ? input.labelNl : input.labelEn) : humanize(key);
}
