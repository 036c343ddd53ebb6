import { copyField } from '../../service/adapters/postgis/copy-rows.js';
import { searchText, wordKeys } from '../../service/adapters/postgis/loader.js';
import { necessaryConditions, renderConditions } from '../../service/adapters/postgis/address-search.js';

describe('COPY text fields', () => {
  it('when a value is null, then it is written as \\N', () => {
    expect(copyField(null)).toBe('\\N');
  });

  it('when text holds tabs, newlines or backslashes, then they are escaped', () => {
    expect(copyField('a\tb\nc\\d\re')).toBe('a\\tb\\nc\\\\d\\re');
  });

  it('when a number is written, then it round-trips exactly', () => {
    const p = 0.1 + 0.2;
    expect(Number(copyField(p))).toBe(p);
  });

  it('when a text array is written, then every element is quoted', () => {
    expect(copyField(['za', 'o"k'])).toBe('{"za","o\\\\"k"}');
  });
});

describe('search keys written by the loader', () => {
  it('when street and place share a two-letter key, then the key is listed once', () => {
    expect(wordKeys({ straat: 'Zaanweg', woonplaats: 'Zaandam' })).toEqual(['za']);
  });

  it('when names carry accents and capitals, then the search text is normalised', () => {
    expect(searchText({ straat: 'Émile Zolastraat', woonplaats: 'Zaandam' })).toBe('emile zolastraat zaandam');
  });
});

describe('search SQL conditions', () => {
  it('when a typed word holds LIKE wildcards, then they are escaped and every value is a parameter', () => {
    const { sql, values } = renderConditions(
      necessaryConditions({ postcode: null, pc4: null, huisnummer: null, huisletter: null, toevoeging: null, words: ['a%_b'] }),
    );
    expect(sql).toBe('(a.search_text LIKE $1)');
    expect(values).toEqual(['%a\\%\\_b%']);
  });
});
