import type { Page } from 'playwright-core';

/** How many pixels of a PNG have each exact colour (key `r << 16 | g << 8 | b`), decoded in the page's own canvas. */
async function colourHistogram(page: Page, png: Buffer): Promise<{ counts: Map<number, number>; total: number }> {
  const dataUrl = `data:image/png;base64,${png.toString('base64')}`;
  const entries = await page.evaluate(async (url) => {
    const img = new Image();
    img.src = url;
    await img.decode();
    const canvas = document.createElement('canvas');
    canvas.width = img.width;
    canvas.height = img.height;
    const ctx = canvas.getContext('2d');
    if (!ctx) return [] as [number, number][];
    ctx.drawImage(img, 0, 0);
    const { data } = ctx.getImageData(0, 0, img.width, img.height);
    const counts = new Map<number, number>();
    for (let i = 0; i < data.length; i += 4) {
      const key = (data[i] << 16) | (data[i + 1] << 8) | data[i + 2];
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    return [...counts.entries()];
  }, dataUrl);
  const counts = new Map(entries);
  return { counts, total: entries.reduce((n, [, c]) => n + c, 0) };
}

const channels = (key: number): [number, number, number] => [(key >> 16) & 255, (key >> 8) & 255, key & 255];

/**
 * Counts the distinct colours that cover at least `minShare` of a PNG's pixels (channels quantised to
 * 32 levels, so anti-aliasing does not count).
 */
export async function countColours(page: Page, png: Buffer, minShare = 0.01): Promise<number> {
  const { counts, total } = await colourHistogram(page, png);
  const quantised = new Map<number, number>();
  for (const [key, n] of counts) {
    const [r, g, b] = channels(key);
    const q = ((r >> 3) << 10) | ((g >> 3) << 5) | (b >> 3);
    quantised.set(q, (quantised.get(q) ?? 0) + n);
  }
  return [...quantised.values()].filter((n) => n / total >= minShare).length;
}

/** Share of a PNG's pixels within `tolerance` (per channel) of any of `colours`. */
export async function shareNear(page: Page, png: Buffer, colours: readonly [number, number, number][], tolerance: number): Promise<number> {
  const { counts, total } = await colourHistogram(page, png);
  let near = 0;
  for (const [key, n] of counts) {
    const c = channels(key);
    if (colours.some((t) => t.every((v, i) => Math.abs(c[i] - v) <= tolerance))) near += n;
  }
  return near / total;
}
