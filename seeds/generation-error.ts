/**
 * The generator cannot honour its input (e.g. a buurt polygon with no area, or more dwellings than one PC4
 * area has postcodes). Names the buurt or PC4 and the field, like a {@link DatasetError}; the CLI exits 2.
 */
export class GenerationError extends Error {
  constructor(
    readonly subject: string,
    readonly field: string,
    readonly detail: string,
  ) {
    super(`${subject}, field "${field}": ${detail}`);
    this.name = 'GenerationError';
  }
}
