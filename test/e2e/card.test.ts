/**
 * The model page and the address card in real Chromium: plots as elements, the card in the UI's language,
 * what-if listing every change, the survey first with honest wording, and the printable report.
 */
import { OUT, describeIfChromium, useHarness } from './harness.js';

describeIfChromium('model page and address card', () => {
  const hx = useHarness();

  for (const lang of ['nl', 'en'] as const) {
    test(`when #/model opens (${lang}), then plots are elements, no SVG source shows as text, and the card's headings are in that language`, async () => {
      const { page } = await hx.open(`#/model?lang=${lang}`, { waitForMap: false });
      await page.waitForSelector('[data-testid="model-card"]');
      const plots = await page.locator('#view-model img.plot, #view-model svg.plot').count();
      expect(plots).toBeGreaterThanOrEqual(2);
      await expect(page.locator('#view-model img.plot').first().evaluate((img) => (img as HTMLImageElement).naturalWidth)).resolves.toBeGreaterThan(0);
      const text = (await page.textContent('#view-model')) ?? '';
      expect(text).not.toContain('<svg');
      const headings = await page.$$eval('[data-testid="model-card"] :is(h2, h3, h4, summary, dt, caption, figcaption, th)', (els) => els.map((e) => e.textContent ?? ''));
      const wanted = lang === 'nl' ? ['Modelkaart', 'Prestaties', 'Selectie-effect', 'Beperkingen', 'Grafieken'] : ['Model card', 'Performance', 'Selection bias', 'Limitations', 'Plots'];
      const unwanted = lang === 'nl' ? ['Performance', 'Selection bias', 'Limitations', 'Metrics', 'Spatial test'] : ['Prestaties', 'Selectie-effect', 'Beperkingen'];
      for (const w of wanted) expect(headings).toContain(w);
      for (const u of unwanted) expect(headings).not.toContain(u);
      await page.screenshot({ path: `${OUT}/model-page-${lang}.png`, fullPage: true });
    });
  }
});
