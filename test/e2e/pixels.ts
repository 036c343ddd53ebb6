import type { Page } from 'playwright-core';

/**
 * Counts the distinct colours that cover at least `minShare` of a PNG's pixels (channels quantised to
 * 32 levels, so anti-aliasing does not count). Decoding happens in the page's own canvas.
 */
export async function countColours(page: Page, png: Buffer, minShare = 0.01): Promise<number> {
  const dataUrl = `data:image/png;base64,${png.toString('base64')}`;
  return page.evaluate(
    async ({ url, share }) => {
      const img = new Image();
      img.src = url;
      await img.decode();
      const canvas = document.createElement('canvas');
      canvas.width = img.width;
      canvas.height = img.height;
      const ctx = canvas.getContext('2d');
      if (!ctx) return 0;
      ctx.drawImage(img, 0, 0);
      const { data } = ctx.getImageData(0, 0, img.width, img.height);
      const counts = new Map<number, number>();
      for (let i = 0; i < data.length; i += 4) {
        const key = ((data[i] >> 3) << 10) | ((data[i + 1] >> 3) << 5) | (data[i + 2] >> 3);
        counts.set(key, (counts.get(key) ?? 0) + 1);
      }
      const total = img.width * img.height;
      return [...counts.values()].filter((n) => n / total >= share).length;
    },
    { url: dataUrl, share: minShare },
  );
}
