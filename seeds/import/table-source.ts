/**
 * Reads a table the way municipalities keep them: CSV separated by `,` or `;` (Dutch Excel writes `;`
 * and decimal commas), with or without a UTF-8 BOM, plain or gzip, or an Excel workbook (`.xlsx`, first
 * sheet). Every record keeps its location (`line N` for CSV, `row N` for a sheet) so a bad value can be
 * named. The separator is detected from the header: the one that splits it into the expected columns.
 */
import { gunzipSync } from 'node:zlib';
import ExcelJS from 'exceljs';
import { DatasetError } from '../../service/adapters/dataset/dataset-files.js';

/** One record with the location it came from. */
export interface TableRecord {
  readonly location: string;
  readonly values: Record<string, string>;
}

/** A table: its header, its records and the separator used (`xlsx` for a workbook). */
export interface Table {
  readonly header: string[];
  readonly records: TableRecord[];
  readonly separator: ',' | ';' | 'xlsx';
}

type Row = { line: number; cells: string[] };

function splitRows(file: string, text: string, sep: string): Row[] {
  const rows: Row[] = [];
  let cells: string[] = [];
  let cell = '';
  let quoted = false;
  let line = 1;
  let rowStart = 1;
  const endRow = () => {
    cells.push(cell);
    if (!(cells.length === 1 && cells[0] === '')) rows.push({ line: rowStart, cells });
    cells = [];
    cell = '';
  };
  for (let i = 0; i < text.length; i += 1) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i += 1;
        continue;
      }
      if (ch === '"') {
        quoted = false;
        continue;
      }
      if (ch === '\n') line += 1;
      cell += ch;
      continue;
    }
    if (ch === '"') {
      if (cell !== '') throw new DatasetError(file, `line ${line}`, null, 'quote inside an unquoted field');
      quoted = true;
    } else if (ch === sep) {
      cells.push(cell);
      cell = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i += 1;
      endRow();
      line += 1;
      rowStart = line;
    } else {
      cell += ch;
    }
  }
  if (quoted) throw new DatasetError(file, `line ${rowStart}`, null, 'unterminated quoted field');
  if (cell !== '' || cells.length > 0) endRow();
  return rows;
}

const headerCells = (text: string, sep: string) => (text.split(/\r?\n/, 1)[0] ?? '').split(sep).map((h) => h.trim().replace(/^"|"$/g, ''));

/**
 * The separator of a CSV text: the one of `,` and `;` whose header split holds more of `expected`;
 * with no expected column found either way, the only one present. Throws when it cannot tell.
 */
export function detectSeparator(file: string, text: string, expected: readonly string[]): ',' | ';' {
  const score = (sep: string) => headerCells(text, sep).filter((h) => expected.includes(h)).length;
  const comma = score(',');
  const semi = score(';');
  if (comma > semi) return ',';
  if (semi > comma) return ';';
  const first = text.split(/\r?\n/, 1)[0] ?? '';
  const hasComma = first.includes(',');
  const hasSemi = first.includes(';');
  if (hasComma && !hasSemi) return ',';
  if (hasSemi && !hasComma) return ';';
  throw new DatasetError(
    file,
    'line 1',
    null,
    `cannot tell the column separator: the header is neither ","- nor ";"-separated with the expected columns (${expected.slice(0, 3).join(', ')}, …)`,
  );
}

function fromRows(file: string, rows: Row[], unit: 'line' | 'row', separator: Table['separator'], required: readonly string[]): Table {
  if (rows.length === 0) throw new DatasetError(file, `${unit} 1`, null, 'the file is empty (no header row)');
  const header = rows[0].cells.map((h) => h.trim());
  for (const col of required) {
    if (!header.includes(col)) throw new DatasetError(file, `${unit} ${rows[0].line}`, col, `missing column "${col}"`);
  }
  const records = rows.slice(1).map(({ line, cells }) => {
    if (unit === 'line' && cells.length !== header.length) {
      throw new DatasetError(file, `line ${line}`, null, `expected ${header.length} fields, found ${cells.length}`);
    }
    const values: Record<string, string> = {};
    header.forEach((h, k) => {
      values[h] = (cells[k] ?? '').trim();
    });
    return { location: `${unit} ${line}`, values };
  });
  return { header, records, separator };
}

/** A spreadsheet cell as text: dates as dd-mm-jjjj, formulas by their result, rich text joined. */
function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) {
    const dd = String(value.getUTCDate()).padStart(2, '0');
    const mm = String(value.getUTCMonth() + 1).padStart(2, '0');
    return `${dd}-${mm}-${value.getUTCFullYear()}`;
  }
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((r) => r.text).join('');
    if ('result' in value) return cellText(value.result as ExcelJS.CellValue);
    if ('text' in value) return String(value.text);
    if ('error' in value) return '';
    return '';
  }
  return String(value);
}

async function readXlsx(file: string, raw: Buffer, required: readonly string[]): Promise<Table> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(raw as unknown as ArrayBuffer);
  } catch (err) {
    throw new DatasetError(file, null, null, `not a readable .xlsx workbook (${(err as Error).message})`);
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) throw new DatasetError(file, null, null, 'the workbook has no sheet');
  const rows: Row[] = [];
  let width = 0;
  sheet.eachRow({ includeEmpty: false }, (row, number) => {
    if (number === 1) width = row.cellCount;
    const cells: string[] = [];
    for (let c = 1; c <= Math.max(width, row.cellCount); c += 1) cells.push(cellText(row.getCell(c).value));
    if (cells.some((c) => c.trim() !== '')) rows.push({ line: number, cells });
  });
  return fromRows(file, rows, 'row', 'xlsx', required);
}

/** True for the bytes of a zip container (an .xlsx workbook). */
const isZip = (raw: Buffer) => raw[0] === 0x50 && raw[1] === 0x4b && raw[2] === 0x03 && raw[3] === 0x04;

/**
 * Reads a table from `raw`: an .xlsx workbook (by name or content) or CSV text (plain or gzip, with or
 * without BOM, `,` or `;`). `required` columns must be in the header; `expected` (default `required`)
 * decides the separator. Throws {@link DatasetError} naming the file, line or row and field.
 */
export async function readTable(
  file: string,
  raw: Buffer,
  required: readonly string[],
  expected: readonly string[] = required,
): Promise<Table> {
  if (/\.xlsx$/i.test(file) || isZip(raw)) return readXlsx(file, raw, required);
  if (/\.xls$/i.test(file) || (raw[0] === 0xd0 && raw[1] === 0xcf)) {
    throw new DatasetError(file, null, null, 'old Excel .xls files are not read; save the sheet as .xlsx or CSV');
  }
  const bytes = raw[0] === 0x1f && raw[1] === 0x8b ? gunzipSync(raw) : raw;
  let text = bytes.toString('utf8');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (text.trim() === '') throw new DatasetError(file, 'line 1', null, 'the file is empty (no header row)');
  const sep = detectSeparator(file, text, expected.length > 0 ? expected : required);
  return fromRows(file, splitRows(file, text, sep), 'line', sep, required);
}
