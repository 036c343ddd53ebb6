import { parseAddressQuery } from '../../service/domain/address-query.js';

const cases: [string, Partial<ReturnType<typeof parseAddressQuery>>][] = [
  ['1506 AB 12', { postcode: '1506AB', huisnummer: 12, huisletter: null, words: [] }],
  ['1506ab12', { postcode: '1506AB', huisnummer: 12 }],
  ['1506AB 12-A', { postcode: '1506AB', huisnummer: 12, huisletter: 'A' }],
  ['1506 ab 12a', { postcode: '1506AB', huisnummer: 12, huisletter: 'A' }],
  ['12a', { postcode: null, huisnummer: 12, huisletter: 'A', words: [] }],
  ['Zuiddijk 12 Zaandam', { postcode: null, pc4: null, huisnummer: 12, words: ['zuiddijk', 'zaandam'] }],
  ['1506', { pc4: '1506', huisnummer: null, words: [] }],
  ['zuiddijk', { huisnummer: null, words: ['zuiddijk'] }],
  ['Wilhelminastraat 1506', { pc4: null, huisnummer: 1506, words: ['wilhelminastraat'] }],
  ['1506AB 12-2', { postcode: '1506AB', huisnummer: 12, toevoeging: '2' }],
  ['Ossingel2', { postcode: null, huisnummer: 2, huisletter: null, words: ['ossingel'] }],
  ['zuiddijk12a zaandam', { huisnummer: 12, huisletter: 'A', words: ['zuiddijk', 'zaandam'] }],
];

describe('parseAddressQuery', () => {
  it.each(cases)('when someone types "%s", then the parts are understood', (input, expected) => {
    expect(parseAddressQuery(input)).toMatchObject(expected);
  });
});
