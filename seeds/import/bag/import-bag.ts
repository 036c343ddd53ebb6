/**
 * `--bag FILE|URL`: addresses from the BAG, from a GeoPackage (`.gpkg`), an OGC API Features base URL
 * or a folder of saved OGC API pages. Gives the address rows of `--addresses` plus the
 * nummeraanduiding → object links the dataset keeps in `nummeraanduidingen.csv.gz`.
 */
import { DatasetError } from '../../../service/adapters/dataset/dataset-files.js';
import type { BuurtRecord } from '../../../service/domain/records.js';
import { readBagGeoPackage } from './bag-gpkg.js';
import { type BagImport, bagToAddresses } from './bag-layout.js';
import { readBagOgc } from './bag-ogc.js';

/** Imports BAG addresses inside `buurten`. Throws {@link DatasetError}. */
export async function importBag(
  source: string,
  buurten: readonly BuurtRecord[],
  progress: (m: string) => void = () => undefined,
): Promise<BagImport> {
  const layers =
    /\.gpkg$/i.test(source) && !/^https?:\/\//i.test(source)
      ? await readBagGeoPackage(source, progress)
      : await readBagOgc(source, buurten, progress);
  const result = bagToAddresses(layers, buurten);
  if (result.skipped.ended > 0)
    progress(`BAG: ${result.skipped.ended} objects left out for their status (ingetrokken, niet gerealiseerd, ten onrechte opgevoerd)`);
  if (result.skipped.outside > 0) progress(`BAG: ${result.skipped.outside} objects left out: outside every buurt`);
  if (result.addresses.length === 0) throw new DatasetError(source, null, null, 'no BAG address lies inside the buurten');
  progress(
    `BAG: ${result.addresses.length} addresses (${result.addresses.filter((a) => a.pandId === null).length} without a building), ${result.nummeraanduidingen.length} nummeraanduidingen`,
  );
  return result;
}
