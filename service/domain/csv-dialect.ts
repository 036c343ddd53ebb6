/**
 * How a CSV export is written: the plain form (`,`, decimal point, LF, no BOM) that scripts read, or the
 * form Dutch Excel opens in columns (`;` between fields, a UTF-8 byte-order mark so Excel reads UTF-8,
 * optionally a decimal comma and CRLF). One writer for every export, so the forms cannot drift apart.
 */
export interface CsvDialect {
  readonly sep: ',' | ';';
  readonly bom: boolean;
  readonly decimalComma: boolean;
  readonly lineEnd: '\n' | '\r\n';
}

/** `,`, decimal point, LF, no BOM. */
export const PLAIN_CSV: CsvDialect = { sep: ',', bom: false, decimalComma: false, lineEnd: '\n' };
/** `;` and a BOM, decimal point kept (`sep=;`). */
export const SEMICOLON_CSV: CsvDialect = { sep: ';', bom: true, decimalComma: false, lineEnd: '\n' };
/** What Dutch Excel writes itself (`excel=nl`): `;`, BOM, decimal comma, CRLF. */
export const DUTCH_EXCEL_CSV: CsvDialect = { sep: ';', bom: true, decimalComma: true, lineEnd: '\r\n' };

/** The dialect a request asks for (query `sep` / `excel`, or the same parameters on `text/csv` in Accept). */
export interface CsvDialectRequest {
  sep?: ',' | ';';
  excel?: 'nl';
}

/**
 * The dialect of a request, `fallback` when it asks for none. `excel=nl` is the Dutch Excel form; `sep=;`
 * gives `;` and a BOM with the decimal point kept; `sep=,` the plain form. The query wins over Accept
 * (`Accept: text/csv; excel=nl` or `text/csv; sep=";"`). Returns a message when the two query
 * parameters contradict each other.
 */
export function csvDialectOf(query: CsvDialectRequest, accept: string | undefined, fallback: CsvDialect): CsvDialect | { error: string } {
  if (query.excel === 'nl' && query.sep === ',') return { error: "excel=nl writes ';' between fields; leave out sep=, or excel=nl" };
  if (query.excel === 'nl') return DUTCH_EXCEL_CSV;
  if (query.sep) return query.sep === ';' ? SEMICOLON_CSV : PLAIN_CSV;
  const params = acceptCsvParams(accept ?? '');
  if (params.excel === 'nl') return DUTCH_EXCEL_CSV;
  if (params.sep === ';') return SEMICOLON_CSV;
  if (params.sep === ',') return PLAIN_CSV;
  return fallback;
}

/** The parameters of the `text/csv` entry of an Accept header (`text/csv; excel=nl`, `text/csv; sep=";"`). */
function acceptCsvParams(accept: string): Record<string, string> {
  const out: Record<string, string> = {};
  // a quoted value may hold `,` or `;`: read parameter by parameter after `text/csv`
  const at = accept.toLowerCase().indexOf('text/csv');
  if (at < 0) return out;
  const re = /^\s*;\s*([a-z]+)\s*=\s*("([^"]*)"|[^;,\s]*)/i;
  let rest = accept.slice(at + 'text/csv'.length);
  for (let m = re.exec(rest); m; m = re.exec(rest)) {
    out[m[1].toLowerCase()] = m[3] ?? m[2];
    rest = rest.slice(m[0].length);
  }
  return out;
}

const decimal = (v: unknown, d: CsvDialect) => (typeof v === 'number' && d.decimalComma ? String(v).replace('.', ',') : String(v));

/**
 * A cell: numbers with the dialect's decimal mark, null/undefined empty, quoted when it holds the separator,
 * a quote or a line end. A list (an interval) is its elements joined by `,`, or with a decimal comma by ` – `.
 */
function cell(v: unknown, d: CsvDialect): string {
  if (v === null || v === undefined) return '';
  const text = Array.isArray(v) && d.decimalComma ? v.map((x) => decimal(x, d)).join(' – ') : decimal(v, d);
  return text.includes(d.sep) || /["\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Writes rows (objects keyed by column, or arrays in column order) with a header line in the dialect. */
export function formatCsvIn(d: CsvDialect, columns: readonly string[], rows: readonly (object | readonly unknown[])[]): string {
  const line = (values: readonly unknown[]) => values.map((v) => cell(v, d)).join(d.sep);
  const body = rows.map((r) => line(Array.isArray(r) ? r : columns.map((c) => (r as Record<string, unknown>)[c])));
  return `${d.bom ? '\uFEFF' : ''}${[line(columns), ...body].join(d.lineEnd)}${d.lineEnd}`;
}
