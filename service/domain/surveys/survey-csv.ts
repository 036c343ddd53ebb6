/**
 * The survey CSV exchanged by `npm run seeds -- surveys` (writes it) and `npm run surveys -- import`
 * (reads it): one survey per row; `mechanisms` separated by `;`, `hersteld` true/false, empty fields null.
 */

/** Columns of the survey CSV, in order; `pand_id` is informative (the API takes the address). */
export const SURVEY_CSV_COLUMNS = [
  'address_id',
  'pand_id',
  'date',
  'kwaliteitsklasse',
  'mechanisms',
  'hersteld',
  'herstel_jaar',
  'report_reference',
  'surveyor_organisation',
  'corrects',
] as const;

/** Columns an import needs (the others may be absent). */
export const SURVEY_CSV_REQUIRED = [
  'address_id',
  'date',
  'kwaliteitsklasse',
  'hersteld',
  'report_reference',
  'surveyor_organisation',
] as const;

/** The CSV column of a field of the survey request body (for error lines that name the column). */
export const CSV_COLUMN_OF: Record<string, string> = {
  addressId: 'address_id',
  date: 'date',
  kwaliteitsklasse: 'kwaliteitsklasse',
  mechanisms: 'mechanisms',
  hersteld: 'hersteld',
  herstelJaar: 'herstel_jaar',
  reportReference: 'report_reference',
  surveyorOrganisation: 'surveyor_organisation',
  corrects: 'corrects',
};

const BOOL: Record<string, boolean> = { true: true, false: false, ja: true, nee: false, '1': true, '0': false };

/**
 * A CSV row as a survey request body (not yet validated: the request schema does that, so a bad value is
 * reported the same way through the API and in direct mode).
 */
export function surveyBodyOfCsv(values: Readonly<Record<string, string>>): Record<string, unknown> {
  const v = (k: string) => (values[k] ?? '').trim();
  const year = v('herstel_jaar');
  const hersteld = v('hersteld').toLowerCase();
  return {
    addressId: v('address_id'),
    date: v('date'),
    kwaliteitsklasse: v('kwaliteitsklasse').toUpperCase(),
    mechanisms:
      v('mechanisms') === ''
        ? []
        : v('mechanisms')
            .split(';')
            .map((m) => m.trim()),
    hersteld: hersteld in BOOL ? BOOL[hersteld] : v('hersteld'),
    herstelJaar: year === '' ? null : /^-?\d+$/.test(year) ? Number(year) : year,
    reportReference: v('report_reference'),
    surveyorOrganisation: v('surveyor_organisation'),
    corrects: v('corrects') === '' ? null : v('corrects'),
  };
}
