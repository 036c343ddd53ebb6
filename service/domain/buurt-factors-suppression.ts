/**
 * Which buurten and wijken may publish their "why" factors. Each published figure is a mean over an
 * area's scored buildings; an outsider who knew the areas' building counts could multiply the means back
 * into sums and subtract them. In the nesting municipality ⊃ wijk ⊃ buurt the smallest groups such
 * differences reach are: a published buurt itself, a published wijk minus its published buurten, and
 * the municipality minus its published wijken and the published buurten outside them. Every one of
 * those must hold no building or at least `suppressBelow` buildings; otherwise more is withheld (the
 * smallest published buurt outside a published wijk first, else the smallest published wijk) until it does.
 */
export function publishedFactorGroups(
  buildingsByBuurt: ReadonlyMap<string, number>,
  wijkOf: ReadonlyMap<string, string>,
  municipalityBuildings: number,
  suppressBelow: number,
): { buurten: Set<string>; wijken: Set<string> } {
  const small = (n: number) => n > 0 && n < suppressBelow;
  if (municipalityBuildings < suppressBelow) return { buurten: new Set(), wijken: new Set() };
  const buurten = new Set([...buildingsByBuurt].filter(([, n]) => n >= suppressBelow).map(([code]) => code));
  const withheldWijken = new Set<string>();
  const wijkCodes = [...new Set(wijkOf.values())];
  const count = (code: string) => buildingsByBuurt.get(code) ?? 0;
  for (;;) {
    const wijken = new Set(
      wijkCodes.filter((w) => {
        if (withheldWijken.has(w)) return false;
        const members = [...buildingsByBuurt.keys()].filter((b) => wijkOf.get(b) === w);
        const total = members.reduce((s, b) => s + count(b), 0);
        const rest = members.filter((b) => !buurten.has(b)).reduce((s, b) => s + count(b), 0);
        return total >= suppressBelow && !small(rest);
      }),
    );
    const outside = [...buildingsByBuurt.keys()].filter((b) => !wijken.has(wijkOf.get(b) ?? ''));
    const rest = outside.filter((b) => !buurten.has(b)).reduce((s, b) => s + count(b), 0);
    if (!small(rest)) return { buurten, wijken };
    const candidates = outside.filter((b) => buurten.has(b)).sort((a, b) => count(a) - count(b));
    if (candidates.length > 0) {
      buurten.delete(candidates[0]);
      continue;
    }
    const wijkTotal = (w: string) => [...buildingsByBuurt.keys()].filter((b) => wijkOf.get(b) === w).reduce((s, b) => s + count(b), 0);
    const smallest = [...wijken].sort((a, b) => wijkTotal(a) - wijkTotal(b))[0];
    if (smallest === undefined) return { buurten, wijken };
    withheldWijken.add(smallest);
  }
}
