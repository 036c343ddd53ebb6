import type { LoadedDeps } from '../../service/bootstrap.js';
import { loadDemoDeps, signedIn } from '../support/demo-deps.js';

let deps: LoadedDeps;
beforeAll(async () => {
  deps = await loadDemoDeps();
});
afterAll(async () => {
  await deps.close();
});

type Hit = { straat: string; huisnummer: number; huisletter: string | null; toevoeging: string | null };
const search = async (q: string) => {
  const res = await signedIn(deps, 'planner').get('/v1/addresses').query({ q });
  expect(res.status).toBe(200);
  return res.body.results as Hit[];
};

/** Every one-letter typo of a word: each letter left out, each letter doubled, each neighbour pair swapped, each letter replaced. */
function oneLetterTypos(word: string): string[] {
  const out = new Set<string>();
  for (let i = 0; i < word.length; i += 1) {
    out.add(word.slice(0, i) + word.slice(i + 1));
    out.add(word.slice(0, i) + word[i] + word.slice(i));
    if (i + 1 < word.length) out.add(word.slice(0, i) + word[i + 1] + word[i] + word.slice(i + 2));
    out.add(word.slice(0, i) + (word[i] === 'e' ? 'a' : 'e') + word.slice(i + 1));
  }
  out.delete(word);
  return [...out];
}

describe('GET /v1/addresses?q= (typo-tolerant search)', () => {
  it('when "Zuiddyk 12" is searched, then Zuiddijk 12 comes first', async () => {
    expect((await search('Zuiddyk 12'))[0]).toMatchObject({ straat: 'Zuiddijk', huisnummer: 12, huisletter: null, toevoeging: null });
  });

  it('when the street has any one-letter typo, then Zuiddijk 12 still comes first', async () => {
    for (const typo of oneLetterTypos('zuiddijk')) {
      const first = (await search(`${typo} 12`))[0];
      expect({ typo, first: first && { straat: first.straat, huisnummer: first.huisnummer } }).toEqual({
        typo,
        first: { straat: 'Zuiddijk', huisnummer: 12 },
      });
    }
  });

  it('when the number is glued to the street ("Ossingel2"), then Ossingel 2 comes first', async () => {
    expect((await search('Ossingel2'))[0]).toMatchObject({ straat: 'Ossingel', huisnummer: 2 });
  });

  it('when nonsense is searched, then the answer is 200 with no results', async () => {
    for (const q of ['qxzvwk', 'Bwrtzplq 12', 'zzzzzzzz']) expect(await search(q)).toEqual([]);
  });

  it('when the street is typed correctly, then no typo match ranks above an exact one', async () => {
    const hits = await search('Zuiddijk 12');
    expect(hits.length).toBeGreaterThan(1);
    const firstOther = hits.findIndex((h) => h.straat !== 'Zuiddijk');
    if (firstOther >= 0) expect(hits.slice(firstOther).every((h) => h.straat !== 'Zuiddijk' || h.huisnummer !== 12)).toBe(true);
  });
});
