import { generateDataset } from '../../seeds/generate.js';
import { GenerationError } from '../../seeds/generation-error.js';
import { schematicBuurten } from '../../seeds/schematic-buurten.js';
import { ZAANSTAD_BUURTEN } from '../../seeds/zaanstad-facts.js';

describe('generator input errors', () => {
  test('when a buurt polygon has no area, then a GenerationError names the buurt and the geometry', () => {
    const [buurt] = schematicBuurten(ZAANSTAD_BUURTEN).filter((b) => b.code === 'BU04792130');
    const flat = {
      ...buurt,
      geometry: {
        type: 'Polygon' as const,
        coordinates: [
          [
            [4.82, 52.43],
            [4.83, 52.43],
            [4.82, 52.43],
            [4.82, 52.43],
          ],
        ],
      },
    };
    let caught: unknown;
    try {
      generateDataset({ seed: 1, buurten: [flat] });
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(GenerationError);
    expect((caught as GenerationError).message).toBe(
      'buurt BU04792130, field "geometry": could not place an address inside the polygon (no area?)',
    );
  });
});
