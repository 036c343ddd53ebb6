import { CsvSyntaxError, formatCsv, parseCsv } from '../../service/adapters/dataset/csv.js';

describe('csv', () => {
  it('when a field holds a comma, quote and newline, then it survives a format/parse round trip', () => {
    const text = formatCsv(
      ['a', 'b'],
      [
        { a: 'x,"y"\nz', b: 1 },
        { a: null, b: 'plain' },
      ],
    );
    const { records } = parseCsv(text);
    expect(records.map((r) => r.values)).toEqual([
      { a: 'x,"y"\nz', b: '1' },
      { a: '', b: 'plain' },
    ]);
  });

  it('when a record has too few fields, then the error names its line', () => {
    expect(() => parseCsv('a,b\n1,2\n3\n')).toThrow(new CsvSyntaxError(3, 'expected 2 fields, found 1'));
  });

  it('when a required column is missing, then the error names the column', () => {
    expect(() => parseCsv('a,b\n1,2\n', ['a', 'c'])).toThrow(/missing column "c"/);
  });

  it('when a quoted field is never closed, then the error names the line it starts on', () => {
    expect(() => parseCsv('a\n"open\n\n')).toThrow(/line 2: unterminated quoted field/);
  });
});
