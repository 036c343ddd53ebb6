/**
 * The identifier patterns, written once: Dutch postcodes, BAG ids, CBS area codes and the parts of a
 * house number. The HTTP schemas, the dataset reader, the importer, free-text search, the audit log and
 * the viewer all build on these (the viewer bundles this module). Plain data, no dependencies.
 */

/** A PC4 (the four digits of a postcode; never starts with 0), as a regex fragment. */
export const PC4_SOURCE = '[1-9]\\d{3}';
/** A 16-digit BAG id (verblijfsobject, pand), as a regex fragment. */
export const BAG_ID_SOURCE = '\\d{16}';

const whole = (source: string): RegExp => new RegExp(`^${source}$`);

/** A normalised postcode (no space, capitals), e.g. `1506AB`. */
export const POSTCODE_PATTERN = whole(`${PC4_SOURCE}[A-Z]{2}`);
/** A PC4, e.g. `1506`. */
export const PC4_PATTERN = whole(PC4_SOURCE);
/** A postcode as typed (any case, optional space), capturing PC4 and letters. */
export const POSTCODE_TYPED_PATTERN = new RegExp(`^(${PC4_SOURCE})\\s*([A-Za-z]{2})$`);
/** A postcode inside free text (lower-cased), capturing PC4 and letters. */
export const POSTCODE_IN_TEXT_PATTERN = new RegExp(`(?:^|[^0-9])(${PC4_SOURCE})\\s?([a-z]{2})(?![a-z])`);
/** A lone PC4 inside free text, captured. */
export const PC4_IN_TEXT_PATTERN = new RegExp(`(?:^|\\s)(${PC4_SOURCE})(?=\\s|$)`);
/** A BAG verblijfsobject or pand id. */
export const BAG_ID_PATTERN = whole(BAG_ID_SOURCE);
/** A CBS buurt code, e.g. `BU04791110`. */
export const BUURT_CODE_PATTERN = /^BU\d{8}$/;
/** A CBS wijk code, e.g. `WK047911`. */
export const WIJK_CODE_PATTERN = /^WK\d{6}$/;
/** A CBS gemeente code, e.g. `GM0479`. */
export const GEMEENTE_CODE_PATTERN = /^GM\d{4}$/;
/** A BAG huisletter: one letter. */
export const HUISLETTER_PATTERN = /^[A-Za-z]$/;
/** A BAG huisnummertoevoeging: 1–4 letters or digits. */
export const TOEVOEGING_PATTERN = /^[A-Za-z0-9]{1,4}$/;

/** A postcode as stored: spaces removed, capitals. */
export const normalisePostcode = (s: string): string => s.replace(/\s+/g, '').toUpperCase();
