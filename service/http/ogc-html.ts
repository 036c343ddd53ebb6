import type { BuurtProperties } from '../domain/buurt-feature.js';

/**
 * Plain, accessible HTML views of the OGC API documents (`f=html`): one language, a title, a skip-free
 * linear page with headings, real tables with header cells and captions, links with words; no scripts
 * and no external assets.
 */

interface Link {
  href: string;
  rel: string;
  type?: string;
  title?: string;
}

const esc = (s: unknown) => String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** A whole page: `title` as <title> and <h1>, then the body, then the links of the resource. */
function page(base: string, title: string, body: string, links: readonly Link[]): string {
  const shown = links.filter((l) => l.rel !== 'self');
  const list =
    shown.length === 0
      ? ''
      : `<h2>Links</h2><ul>${shown.map((l) => `<li><a href="${esc(l.href)}">${esc(l.title ?? l.href)}</a> <small>(${esc(l.rel)}${l.type ? `, ${esc(l.type)}` : ''})</small></li>`).join('')}</ul>`;
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${esc(title)}</title>
<style>body{font:16px/1.5 system-ui,sans-serif;margin:1.5rem;max-width:72rem;color:#1a1a1a}a{color:#0645ad}td,th{padding:.25rem .6rem;border-bottom:1px solid #ccc;text-align:left;vertical-align:top}caption{text-align:left;font-weight:600;padding:.4rem 0}td.n{text-align:right}</style></head>
<body><header><p><a href="${esc(base)}/?f=html">OGC API landing page</a> · <a href="${esc(base)}/collections?f=html">Collections</a></p></header><main><h1>${esc(title)}</h1>${body}${list}</main></body></html>`;
}

/** The landing page. */
export function landingHtml(base: string, doc: { title: string; description: string; links: Link[] }): string {
  return page(base, doc.title, `<p>${esc(doc.description)}</p>`, doc.links);
}

/** The conformance classes. */
export function conformanceHtml(base: string, doc: { conformsTo: string[] }): string {
  return page(base, 'Conformance classes', `<ul>${doc.conformsTo.map((c) => `<li><code>${esc(c)}</code></li>`).join('')}</ul>`, []);
}

interface CollectionDoc {
  id: string;
  title: string;
  description: string;
  links: Link[];
  crs: string[];
  extent: { spatial: { bbox: number[][]; crs: string } };
  itemCount: number;
}

function collectionBody(c: CollectionDoc): string {
  const bbox = c.extent.spatial.bbox[0].map((n) => n.toFixed(5)).join(', ');
  return (
    `<p>${esc(c.description)}</p><dl><dt>Id</dt><dd><code>${esc(c.id)}</code></dd><dt>Buurten</dt><dd>${c.itemCount}</dd>` +
    `<dt>Extent (lon/lat, CRS84)</dt><dd>${esc(bbox)}</dd><dt>Coordinate reference systems (crs parameter)</dt><dd><ul>${c.crs.map((x) => `<li><code>${esc(x)}</code></li>`).join('')}</ul></dd></dl>`
  );
}

/** The list of collections. */
export function collectionsHtml(base: string, doc: { links: Link[]; collections: CollectionDoc[] }): string {
  const items = doc.collections
    .map(
      (c) =>
        `<h2><a href="${esc(base)}/collections/${esc(c.id)}?f=html">${esc(c.title)}</a></h2>${collectionBody(c)}` +
        `<p><a href="${esc(base)}/collections/${esc(c.id)}/items?f=html">Browse the ${esc(c.id)}</a></p>`,
    )
    .join('');
  return page(base, 'Collections', items, doc.links);
}

/** One collection. */
export function collectionHtml(base: string, c: CollectionDoc): string {
  return page(base, c.title, collectionBody(c), c.links);
}

const COLUMNS: [keyof BuurtProperties, string][] = [
  ['naam', 'Name'],
  ['woonplaats', 'Place'],
  ['dwellings', 'Dwellings'],
  ['riskClass', 'Risk class'],
  ['meanProbability', 'Mean probability (stock)'],
  ['expectedProblems', 'Expected D/E dwellings'],
  ['surveyed', 'Surveyed'],
  ['restored', 'Restored'],
];

const cell = (v: unknown) =>
  v === null || v === undefined
    ? '<td>suppressed or none</td>'
    : typeof v === 'number'
      ? `<td class="n">${esc(Number.isInteger(v) ? v : v.toFixed(3))}</td>`
      : `<td>${esc(v)}</td>`;

/** One page of buurten as a table, with its paging links. */
export function itemsHtml(
  base: string,
  doc: { numberMatched: number; numberReturned: number; links: Link[]; features: { id: string; properties: BuurtProperties }[] },
  offset: number,
): string {
  const head = `<tr><th scope="col">Code</th>${COLUMNS.map(([, label]) => `<th scope="col">${esc(label)}</th>`).join('')}</tr>`;
  const rows = doc.features
    .map(
      (f) =>
        `<tr><th scope="row"><a href="${esc(base)}/collections/buurten/items/${esc(f.id)}?f=html">${esc(f.id)}</a></th>${COLUMNS.map(([k]) => cell(f.properties[k])).join('')}</tr>`,
    )
    .join('');
  const first = doc.numberReturned === 0 ? 0 : offset + 1;
  const nav = doc.links
    .filter((l) => l.rel === 'next' || l.rel === 'prev')
    .map((l) => `<a href="${esc(l.href)}" rel="${esc(l.rel)}">${esc(l.title ?? l.rel)}</a>`)
    .join(' · ');
  const body =
    `<p>Buurten ${first}–${offset + doc.numberReturned} of ${doc.numberMatched} matching.</p>${nav ? `<nav aria-label="Pages"><p>${nav}</p></nav>` : ''}` +
    `<table><caption>Buurten, public aggregates (small counts suppressed)</caption><thead>${head}</thead><tbody>${rows}</tbody></table>`;
  return page(
    base,
    'Buurten',
    body,
    doc.links.filter((l) => l.rel !== 'next' && l.rel !== 'prev'),
  );
}

/** One buurt: its properties as a definition list. */
export function itemHtml(base: string, f: { id: string; properties: BuurtProperties; links?: Link[] }): string {
  const rows = Object.entries(f.properties)
    .map(
      ([k, v]) => `<tr><th scope="row">${esc(k)}</th>${cell(Array.isArray(v) ? v.map((n: number) => n.toFixed(1)).join(' – ') : v)}</tr>`,
    )
    .join('');
  return page(
    base,
    `Buurt ${f.properties.naam} (${f.id})`,
    `<table><caption>Public properties</caption><tbody>${rows}</tbody></table>`,
    f.links ?? [],
  );
}
