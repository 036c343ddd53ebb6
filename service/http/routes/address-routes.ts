import type { Request, Response } from 'express';
import { rdToWgs84 } from '../../geo/rd-new.js';
import { isEmptyQuery, parseAddressQuery } from '../../domain/address-query.js';
import { addressLabel } from '../../domain/address-ranking.js';
import { buildAddressAnswer, factorChanges } from '../../domain/address-answer.js';
import { parseBagId } from '../../domain/bag-id.js';
import { measuredInputsOf } from '../../domain/surveys/measured-inputs.js';
import type { FeatureInput } from '../../features/feature-spec.js';
import type { AddressEntry } from '../../ports/store.js';
import type { AppDeps } from '../deps.js';
import { ApiError } from '../problems.js';
import { queryOptions } from '../request-signal.js';
import type { RouteRegistry } from '../route-registry.js';
import { ROUTES } from '../route-table.js';
import { addressIdSchema, lonLatSchema, postcodeLookupSchema, rdSchema, searchSchema, whatIfSchema } from '../schemas.js';
import { parseOr400 } from '../validate.js';

const DEFAULT_RADIUS_M = 100;

/** Inspector endpoints: search, lookup, reverse lookup, the risk answer and what-if. */
export function addressRoutes(deps: AppDeps, r: RouteRegistry): void {
  const { store, scorer, config } = deps;

  const answer = async (res: Response, entry: AddressEntry, overrides: Partial<FeatureInput> = {}) => {
    const info = await store.info(queryOptions(res));
    const measured = entry.address.pandId ? measuredInputsOf(await deps.fieldRecords.listForPand(entry.address.pandId)) : null;
    return buildAddressAnswer(
      entry,
      {
        scorer,
        referenceYear: info.referenceYear,
        datasetName: info.name,
        datasetVersion: info.version,
        buurtNaam: entry.buurtNaam,
        measured,
      },
      overrides,
    );
  };

  const byId = async (req: Request, res: Response) => {
    // BAG ids in their other forms: NL.IMBAG.<Type>.<16 digits> or the linked-data URI; a nummeraanduiding
    // (type code 20) answers the address it belongs to (datasets from the BAG import keep that link)
    const raw = String(req.params.id);
    const prefixed = /^(NL\.IMBAG\.|https?:)/i.test(raw);
    const named = prefixed ? parseBagId(raw) : null;
    if (prefixed && !named) {
      throw new ApiError('VALIDATION_FAILED', 'Invalid address id.', [
        {
          path: 'id',
          message: 'expected a BAG id: 16 digits or NL.IMBAG.Verblijfsobject.<16 digits> (also Ligplaats, Standplaats, Nummeraanduiding)',
        },
      ]);
    }
    if (
      named &&
      named.type !== 'Verblijfsobject' &&
      named.type !== 'Ligplaats' &&
      named.type !== 'Standplaats' &&
      named.type !== 'Nummeraanduiding'
    ) {
      throw new ApiError('VALIDATION_FAILED', 'Invalid address id.', [
        {
          path: 'id',
          message: `a ${named.type ?? 'BAG'} id names no single address; give a verblijfsobject, ligplaats, standplaats or nummeraanduiding id`,
        },
      ]);
    }
    const id = parseOr400(addressIdSchema, named ? named.id : raw, 'address id', 'id');
    const byNummer = () => store.getAddressByNummeraanduiding(id, queryOptions(res));
    const entry =
      named?.type === 'Nummeraanduiding'
        ? await byNummer()
        : ((await store.getAddress(id, queryOptions(res))) ?? (!named && id.slice(4, 6) === '20' ? await byNummer() : null));
    if (!entry)
      throw new ApiError(
        'ADDRESS_NOT_FOUND',
        `No address with ${id.slice(4, 6) === '20' ? 'nummeraanduiding' : 'verblijfsobject'} id ${id}.`,
      );
    return entry;
  };

  r.on(ROUTES.addresses, async (req, res) => {
    const q = req.query;
    if ('q' in q) {
      if (typeof q.q === 'string' && q.q.length > config.maxQueryLength) {
        throw new ApiError('QUERY_TOO_LONG', `The search query may be at most ${config.maxQueryLength} characters.`, [
          { path: 'q', message: `at most ${config.maxQueryLength} characters` },
        ]);
      }
      const { q: text, limit } = parseOr400(searchSchema, q, 'query');
      const parsed = parseAddressQuery(text);
      const found = isEmptyQuery(parsed) ? [] : await store.search(parsed, limit ?? 10, queryOptions(res));
      return res.json({
        query: text,
        results: found.map(({ address: a }) => ({
          id: a.verblijfsobjectId,
          label: addressLabel(a),
          straat: a.straat,
          huisnummer: a.huisnummer,
          huisletter: a.huisletter,
          toevoeging: a.toevoeging,
          postcode: a.postcode,
          woonplaats: a.woonplaats,
          lon: a.lon,
          lat: a.lat,
        })),
      });
    }
    if ('lon' in q || 'lat' in q || 'x' in q || 'y' in q) {
      const rd = 'x' in q || 'y' in q;
      const p = rd ? parseOr400(rdSchema, q, 'query') : parseOr400(lonLatSchema, q, 'query');
      const [lon, lat] = 'x' in p ? rdToWgs84([p.x, p.y]) : [p.lon, p.lat];
      const radius = p.radius ?? DEFAULT_RADIUS_M;
      const entry = await store.nearest(lon, lat, radius, queryOptions(res));
      if (!entry) throw new ApiError('ADDRESS_NOT_FOUND', `No address within ${radius} m of that point.`);
      return res.json({ results: [await answer(res, entry)] });
    }
    if (!('postcode' in q) && !('huisnummer' in q)) {
      throw new ApiError('VALIDATION_FAILED', 'Give q (search), postcode + huisnummer (lookup), lon + lat or x + y (reverse lookup).', [
        { path: '(query)', message: 'no lookup parameters' },
      ]);
    }
    const p = parseOr400(postcodeLookupSchema, q, 'query');
    const found = await store.findByPostcode(
      { postcode: p.postcode, huisnummer: p.huisnummer, huisletter: p.huisletter ?? null, toevoeging: p.toevoeging ?? null },
      queryOptions(res),
    );
    if (found.length === 0) {
      const extra = `${p.huisletter ?? ''}${p.toevoeging ? `-${p.toevoeging}` : ''}`;
      throw new ApiError('ADDRESS_NOT_FOUND', `No address at postcode ${p.postcode}, huisnummer ${p.huisnummer}${extra}.`);
    }
    res.json({ results: await Promise.all(found.slice(0, 50).map((e) => answer(res, e))) });
  });

  r.on(ROUTES.addressById, async (req, res) => {
    res.json(await answer(res, await byId(req, res)));
  });

  r.on(ROUTES.whatIf, async (req, res) => {
    const entry = await byId(req, res);
    const { overrides } = parseOr400(whatIfSchema, req.body ?? {}, 'body');
    const given = Object.fromEntries(
      Object.keys((req.body as { overrides: object }).overrides).map((k) => [k, overrides[k as keyof typeof overrides]]),
    );
    const [before, after] = await Promise.all([answer(res, entry), answer(res, entry, given as Partial<FeatureInput>)]);
    res.json({ before, after, changes: factorChanges(before, after) });
  });
}
