/**
 * A small RFC 4180 CSV reader and writer. The reader reports the 1-based line of every record so that
 * importers can name the line of a bad value.
 */

/** One parsed CSV record with the line it starts on. */
export interface CsvRecord {
  readonly line: number;
  readonly values: Record<string, string>;
}

/** Thrown when the CSV text itself is malformed (not when a value is invalid). */
export class CsvSyntaxError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(`line ${line}: ${message}`);
    this.name = 'CsvSyntaxError';
  }
}

function splitRecords(text: string): { line: number; cells: string[] }[] {
  const rows: { line: number; cells: string[] }[] = [];
  let cells: string[] = [];
  let cell = '';
  let quoted = false;
  let line = 1;
  let rowStart = 1;
  let i = 0;
  const endRow = () => {
    cells.push(cell);
    if (!(cells.length === 1 && cells[0] === '')) rows.push({ line: rowStart, cells });
    cells = [];
    cell = '';
  };
  while (i < text.length) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i += 2;
        continue;
      }
      if (ch === '"') {
        quoted = false;
        i += 1;
        continue;
      }
      if (ch === '\n') line += 1;
      cell += ch;
      i += 1;
      continue;
    }
    if (ch === '"') {
      if (cell !== '') throw new CsvSyntaxError(line, 'quote inside an unquoted field');
      quoted = true;
    } else if (ch === ',') {
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
    i += 1;
  }
  if (quoted) throw new CsvSyntaxError(rowStart, 'unterminated quoted field');
  if (cell !== '' || cells.length > 0) endRow();
  return rows;
}

/**
 * Parses CSV text with a header row. Throws {@link CsvSyntaxError} for malformed text, a missing header,
 * a required column that is absent, or a record with the wrong number of fields.
 */
export function parseCsv(text: string, requiredColumns: readonly string[] = []): { header: string[]; records: CsvRecord[] } {
  const rows = splitRecords(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  if (rows.length === 0) throw new CsvSyntaxError(1, 'the file is empty (no header row)');
  const header = rows[0].cells.map((h) => h.trim());
  for (const col of requiredColumns) {
    if (!header.includes(col)) throw new CsvSyntaxError(rows[0].line, `missing column "${col}"`);
  }
  const records = rows.slice(1).map(({ line, cells }) => {
    if (cells.length !== header.length) {
      throw new CsvSyntaxError(line, `expected ${header.length} fields, found ${cells.length}`);
    }
    const values: Record<string, string> = {};
    header.forEach((h, k) => {
      values[h] = cells[k];
    });
    return { line, values };
  });
  return { header, records };
}

function quote(v: string): string {
  return /[",\n\r]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

/** Formats rows as CSV with a header; `null`/`undefined` become empty fields. */
export function formatCsv(columns: readonly string[], rows: readonly object[]): string {
  const lines = [columns.join(',')];
  for (const row of rows) {
    lines.push(
      columns
        .map((c) => {
          const v = (row as Record<string, unknown>)[c];
          return v === null || v === undefined ? '' : quote(String(v));
        })
        .join(','),
    );
  }
  return `${lines.join('\n')}\n`;
}
