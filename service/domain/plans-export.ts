import { riskClassOf } from './risk-class.js';
import type { PlanAnswer, PlanBuilding } from './plans.js';
import { type CsvDialect, DUTCH_EXCEL_CSV, formatCsvIn } from './csv-dialect.js';

/**
 * A building's class: the address answer's class, kept with the plan. Plans kept before it was (no
 * `riskClass` key) show the class of their plan probability, as they did then.
 */
const classOf = (b: PlanBuilding) => (b.riskClass !== undefined ? b.riskClass : b.probability === null ? null : riskClassOf(b.probability));

/**
 * What a role may see of a plan. Inspectors and admins see every building's probability; planners see
 * its risk class only (DESIGN §6: address-level risk is class-only below inspector), so the
 * `probability` key is left out of their answer and exports.
 */
export function planForRole(plan: PlanAnswer, withProbability: boolean): Record<string, unknown> {
  if (withProbability)
    return {
      ...plan,
      buildings: plan.buildings.map((b) => ({ ...b, riskClass: classOf(b) })),
    };
  return {
    ...plan,
    buildings: plan.buildings.map((b) => {
      const { probability: _probability, ...rest } = b;
      return { ...rest, riskClass: classOf(b) };
    }),
  };
}

/**
 * The plan as CSV, one row per building in plan order; by default for Dutch Excel (a byte-order mark so
 * Excel reads UTF-8, `;` between fields, a decimal comma, CRLF line ends), or in another dialect.
 */
export function planCsv(plan: PlanAnswer, withProbability: boolean, dialect: CsvDialect = DUTCH_EXCEL_CSV): string {
  const header = [
    'volgorde',
    'pand_id',
    'adres_id',
    'buurt_code',
    'risicoklasse',
    ...(withProbability ? ['kans_probleem'] : []),
    'set_95',
    'reden',
    'lon',
    'lat',
  ];
  const rows = plan.buildings.map((b, i) => [
    i + 1,
    b.pandId,
    b.addressId,
    b.buurtCode,
    classOf(b) ?? '',
    ...(withProbability ? [b.probability] : []),
    b.set ?? '',
    b.reason,
    b.lon,
    b.lat,
  ]);
  return formatCsvIn(dialect, header, rows);
}

/** The plan as a GeoJSON FeatureCollection of points (one per building), with the plan's summary as metadata. */
export function planGeojson(plan: PlanAnswer, withProbability: boolean): string {
  const {
    buildings,
    curves: _curves,
    ...summary
  } = planForRole(plan, withProbability) as { buildings: Record<string, unknown>[]; curves: unknown };
  return JSON.stringify({
    type: 'FeatureCollection',
    metadata: summary,
    features: buildings.map((b, i) => {
      const { lon, lat, ...properties } = b as { lon: number; lat: number };
      return {
        type: 'Feature',
        id: (b as { pandId: string }).pandId,
        properties: { order: i + 1, ...properties },
        geometry: { type: 'Point', coordinates: [lon, lat] },
      };
    }),
  });
}
