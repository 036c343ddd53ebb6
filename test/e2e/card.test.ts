/**
 * The model page and the address card in real Chromium: plots as elements, the card in the UI's language,
 * what-if listing every change, the survey first with honest wording, and the printable report.
 */
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { OUT, describeIfChromium, useHarness } from './harness.js';
import { hasPdftotext, pdfText } from './pdf-text.js';

describeIfChromium('model page and address card', () => {
  const hx = useHarness();

  for (const lang of ['nl', 'en'] as const) {
    test(`when #/model opens (${lang}), then plots are elements, no SVG source shows as text, and the card's headings are in that language`, async () => {
      const { page } = await hx.open(`#/model?lang=${lang}`, { waitForMap: false });
      await page.waitForSelector('[data-testid="model-card"]');
      const plots = await page.locator('#view-model img.plot, #view-model svg.plot').count();
      expect(plots).toBeGreaterThanOrEqual(2);
      await expect(
        page
          .locator('#view-model img.plot')
          .first()
          .evaluate((img) => (img as HTMLImageElement).naturalWidth),
      ).resolves.toBeGreaterThan(0);
      const text = (await page.textContent('#view-model')) ?? '';
      expect(text).not.toContain('<svg');
      const headings = await page.$$eval('[data-testid="model-card"] :is(h2, h3, h4, summary, dt, caption, figcaption, th)', (els) =>
        els.map((e) => e.textContent ?? ''),
      );
      const wanted =
        lang === 'nl'
          ? ['Modelkaart', 'Prestaties', 'Selectie-effect', 'Beperkingen', 'Grafieken']
          : ['Model card', 'Performance', 'Selection bias', 'Limitations', 'Plots'];
      const unwanted =
        lang === 'nl'
          ? ['Performance', 'Selection bias', 'Limitations', 'Metrics', 'Spatial test']
          : ['Prestaties', 'Selectie-effect', 'Beperkingen'];
      for (const w of wanted) expect(headings).toContain(w);
      for (const u of unwanted) expect(headings).not.toContain(u);
      await page.screenshot({ path: `${OUT}/model-page-${lang}.png`, fullPage: true });
    });
  }

  /** The fixture: the first "1506" address whose 6 m pile what-if changes a mechanism's class, per the API. */
  async function pileFixture(): Promise<{ id: string; code: string; before: string; after: string }> {
    const { results } = await hx.getJson<{ results: { id: string }[] }>('v1/addresses?q=1506&limit=8');
    type M = { code: string; riskClass: string | null };
    for (const r of results) {
      const res = await hx.getJson<{ before: { mechanisms: M[] }; after: { mechanisms: M[]; scored: boolean } }>(
        `v1/addresses/${r.id}/what-if`,
        {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ overrides: { paallengte_m: 6 } }),
        },
      );
      const moved = res.after.mechanisms.find((m) => res.before.mechanisms.find((b) => b.code === m.code)?.riskClass !== m.riskClass);
      if (res.after.scored && moved)
        return {
          id: r.id,
          code: moved.code,
          before: res.before.mechanisms.find((b) => b.code === moved.code)?.riskClass ?? '',
          after: moved.riskClass ?? '',
        };
    }
    throw new Error('no fixture address whose mechanisms react to a 6 m pile');
  }

  test('when the pile length is set to 6 m in the what-if, then the bacterial-decay class change is listed with probability, class and set', async () => {
    const fixture = await pileFixture();
    expect(fixture.code).toBe('bacterieel');
    const { page } = await hx.open(`#/adres/${fixture.id}`, { waitForMap: false });
    await page.waitForSelector('#wi-paallengte_m');
    await page.$eval('#wi-paallengte_m', (el) => {
      const input = el as HTMLInputElement;
      input.value = '6';
      input.dispatchEvent(new Event('input', { bubbles: true }));
      input.dispatchEvent(new Event('change', { bubbles: true }));
    });
    const row = page.locator(`[data-testid="what-if-outcome"] tr[data-kind="mechanism-${fixture.code}"]`);
    await row.waitFor({ timeout: 10_000 });
    await expect(row.getAttribute('data-changed')).resolves.toBe('true');
    await expect(row.locator('td .badge').first().getAttribute('data-class')).resolves.toBe(fixture.before);
    await expect(row.locator('td .badge').nth(1).getAttribute('data-class')).resolves.toBe(fixture.after);
    await expect(row.textContent()).resolves.toContain('Bacteri');
    for (const kind of ['probability', 'class', 'set'])
      await expect(page.locator(`[data-testid="what-if-outcome"] tr[data-kind="${kind}"]`).count()).resolves.toBe(1);
    await page.locator('.what-if').screenshot({ path: `${OUT}/what-if-pile-6m.png` });
  });

  test('when an address of the demo has an input outside the training range, then its card says so and flags the value in the inputs table', async () => {
    const ranges = JSON.parse(readFileSync('models/gbdt-demo-v3/manifest.json', 'utf8')).trainingRanges.features as Record<
      string,
      { min: number; max: number }
    >;
    const lines = gunzipSync(readFileSync('seeds/demo/addresses.csv.gz')).toString('utf8').trim().split('\n');
    const header = lines[0].split(',');
    const col = (name: string) => header.indexOf(name);
    const candidates = lines
      .slice(1)
      .map((l) => l.split(','))
      .filter((r) => r[col('pand_id')] !== '')
      .filter((r) => {
        const v = Number(r[col('bodemdaling_mm_jr')]);
        return r[col('bodemdaling_mm_jr')] !== '' && (v < ranges.bodemdaling_mm_jr.min || v > ranges.bodemdaling_mm_jr.max);
      })
      .map((r) => r[col('verblijfsobject_id')]);
    let id: string | null = null;
    for (const c of candidates.slice(0, 10)) {
      if ((await hx.getJson<{ scored: boolean }>(`v1/addresses/${c}`)).scored) {
        id = c;
        break;
      }
    }
    if (!id) throw new Error('no scored demo address with a subsidence rate outside the training range');
    const { page } = await hx.open(`#/adres/${id}`, { waitForMap: false });
    const note = page.locator('[data-testid="address-card"] > [data-testid="outside-training-range"]');
    await note.waitFor({ timeout: 10_000 });
    await expect(note.textContent()).resolves.toMatch(/Bodemdaling [-\d,]+ mm\/jaar \(trainingsbereik -4,20 mm\/jaar tot 1,70 mm\/jaar\)/);
    await expect(page.locator('table.inputs .outside-range-badge').count()).resolves.toBeGreaterThanOrEqual(1);
  });

  for (const lang of ['nl', 'en'] as const) {
    test(`when the what-if groundwater is set far below the training range (${lang}), then the outcome says which values lie outside it, with the card's range`, async () => {
      const { results } = await hx.getJson<{ results: { id: string }[] }>('v1/addresses?q=1506&limit=8');
      let id: string | null = null;
      for (const r of results) {
        const answer = await hx.getJson<{ scored: boolean }>(`v1/addresses/${r.id}`);
        if (answer.scored) {
          id = r.id;
          break;
        }
      }
      if (!id) throw new Error('no scored fixture address');
      const { page } = await hx.open(`#/adres/${id}?lang=${lang}`, { waitForMap: false });
      await page.waitForSelector('#wi-grondwater_nap_m');
      await page.$eval('#wi-grondwater_nap_m', (el) => {
        const input = el as HTMLInputElement;
        input.value = '-5';
        input.dispatchEvent(new Event('input', { bubbles: true }));
        input.dispatchEvent(new Event('change', { bubbles: true }));
      });
      const note = page.locator('[data-testid="what-if-outcome"] [data-testid="outside-training-range"]');
      await note.waitFor({ timeout: 10_000 });
      const text = (await note.textContent()) ?? '';
      if (lang === 'nl') {
        expect(text).toContain('Buiten het trainingsbereik');
        expect(text).toMatch(/Ontwateringsdiepte [\d,]+ m \(trainingsbereik 0,17 m tot 1,52 m\)/);
      } else {
        expect(text).toContain('Outside the training range');
        expect(text).toMatch(/Drainage depth \(surface − groundwater\) [\d.]+ m \(training range 0.17 m to 1.52 m\)/);
      }
    });
  }

  /** A scored address whose building has a survey with a class on record (from the committed demo dataset). */
  async function surveyedAddress(): Promise<string> {
    const rows = (file: string): string[][] =>
      gunzipSync(readFileSync(`seeds/demo/${file}`))
        .toString('utf8')
        .trim()
        .split('\n')
        .slice(1)
        .map((l) => l.split(','));
    const surveyed = new Set(
      rows('register.csv.gz')
        .filter((r) => r[1] === 'true' && r[3] && r[4] === 'false')
        .map((r) => r[0]),
    );
    const candidates = rows('addresses.csv.gz')
      .filter((r) => surveyed.has(r[1]))
      .slice(0, 20);
    for (const r of candidates) {
      const answer = await hx.getJson<{ scored: boolean; survey: { kwaliteitsklasse: string | null } | null }>(`v1/addresses/${r[0]}`);
      if (answer.scored && answer.survey?.kwaliteitsklasse) return r[0];
    }
    throw new Error('no scored, surveyed address in the demo dataset');
  }

  test('when the building has a survey, then the survey comes first with a sentence relating it to the model, and the 95 % set speaks of buildings like this one', async () => {
    const id = await surveyedAddress();
    const answer = await hx.getJson<{ risk: { riskClass: string }; survey: { kwaliteitsklasse: string } }>(`v1/addresses/${id}`);
    const { page } = await hx.open(`#/adres/${id}`, { waitForMap: false });
    await page.waitForSelector('[data-testid="survey"]');
    const order = await page.$eval('[data-testid="address-card"]', (card) => {
      const all = [...card.querySelectorAll('[data-testid]')].map((e) => e.getAttribute('data-testid'));
      return { survey: all.indexOf('survey'), model: all.indexOf('risk-summary') };
    });
    expect(order.survey).toBeGreaterThanOrEqual(0);
    expect(order.survey).toBeLessThan(order.model);
    const relation = (await page.textContent('[data-testid="survey-relation"]')) ?? '';
    expect(relation).toContain(`klasse ${answer.survey.kwaliteitsklasse}`);
    if (answer.survey.kwaliteitsklasse !== answer.risk.riskClass) expect(relation).toContain(`klasse ${answer.risk.riskClass}`);
    const set = (await page.textContent('[data-testid="set-statement"]')) ?? '';
    // The served model words its own guarantee (guaranteeNl); it speaks of buildings like this one, never of certainty.
    expect(set).toContain((answer as unknown as { risk: { conformal: { guaranteeNl: string } } }).risk.conformal.guaranteeNl);
    expect(set).toMatch(/gebouwen zoals dit/);
    expect(set).not.toMatch(/zekerheid/);
    await expect(page.textContent('[data-testid="probability-survey"]')).resolves.toContain(
      'Kans dat een funderingsonderzoek klasse D/E zou vinden',
    );
    await page.screenshot({ path: `${OUT}/card-survey-first.png` });
  });

  test('when the model serves both scales and a guarantee sentence, then both probabilities are labelled and the sentence is shown', async () => {
    const id = await surveyedAddress();
    type Risk = { probability: number | null; probabilitySurvey: number; riskClassScale: string; conformal: { guaranteeNl: string } };
    const { risk } = await hx.getJson<{ risk: Risk }>(`v1/addresses/${id}`);
    // The committed model serves both scales: the card is checked against the real answer, not a played one.
    expect(risk.probability).not.toBeNull();
    expect(risk.riskClassScale).toBe('stock');
    const percent = (p: number): string => `${(p * 100).toFixed(1).replace('.', ',')} %`;
    const { page } = await hx.open(`#/adres/${id}`, { waitForMap: false });
    await page.waitForSelector('[data-testid="probability-stock"]');
    await expect(page.textContent('[data-testid="probability-stock"]')).resolves.toBe(
      `Kans dat de fundering van dit pand klasse D/E heeft: ${percent(risk.probability ?? NaN)}`,
    );
    await expect(page.textContent('[data-testid="probability-survey"]')).resolves.toBe(
      `Kans dat een funderingsonderzoek klasse D/E zou vinden: ${percent(risk.probabilitySurvey)}`,
    );
    await expect(page.textContent('[data-testid="set-statement"]')).resolves.toContain(risk.conformal.guaranteeNl);
  });

  test('when the report of an address is printed, then the text of the real PDF holds postcode, class, mechanisms, inputs, survey and model version, and no map controls', async () => {
    const id = await surveyedAddress();
    type Answer = {
      address: { postcode: string };
      risk: { riskClass: string };
      mechanisms: { labelNl: string }[];
      inputs: { labelNl: string }[];
      modelVersion: string;
    };
    const answer = await hx.getJson<Answer>(`v1/addresses/${id}`);
    const { page } = await hx.open(`#/adres/${id}`);
    await page.waitForSelector('[data-testid="report-button"]');
    await page.waitForFunction(() => !document.querySelector<HTMLElement>('[data-testid="report-synthetic"]')?.hidden);
    // The words of every control on the map screen, as the screen shows or names them (zoom buttons have only a label).
    const controls = await page.evaluate(() => {
      const named = [...document.querySelectorAll<HTMLElement>('.maplibregl-ctrl button, .maplibregl-ctrl a')].map(
        (b) => b.getAttribute('aria-label') ?? b.title,
      );
      const labelled = ['#metric-select', '#buurt-select', '#search-input'].map(
        (sel) =>
          document.querySelector(`label[for="${sel.slice(1)}"]`)?.textContent ??
          document.querySelector(sel)?.getAttribute('aria-label') ??
          '',
      );
      return [...named, ...labelled].map((s) => s.trim()).filter((s) => s.length > 0);
    });
    for (const expected of ['Kaartlaag', 'Buurt kiezen', 'Zoek adres']) expect(controls).toContain(expected);
    expect(controls.some((c) => /zoom/i.test(c))).toBe(true);
    await page.emulateMedia({ media: 'print' });
    const file = `${OUT}/address-report.pdf`;
    await page.pdf({ path: file, format: 'A4', printBackground: true });
    if (!hasPdftotext()) {
      console.warn('PDF text assertion SKIPPED: pdftotext is not installed (apt-get install -y poppler-utils)');
      return;
    }
    const pages = await pdfText(file);
    expect(pages.length).toBeGreaterThanOrEqual(2);
    // Each probability is a line of its own on paper, not run into the next label.
    expect(pages.join('\n')).toMatch(/(^|\n)Kans dat een funderingsonderzoek klasse D\/E zou vinden/);
    // Table cells wrap on paper: compare with all runs of white space made one space.
    const text = pages.join(' ').replace(/\s+/g, ' ');
    const postcode = `${answer.address.postcode.slice(0, 4)} ${answer.address.postcode.slice(4)}`;
    expect(postcode).toMatch(/^\d{4} [A-Z]{2}$/);
    for (const wanted of [
      postcode,
      `Risicoklasse ${answer.risk.riskClass}`,
      'Funderingsonderzoek (vastgesteld)',
      answer.modelVersion,
      'Datum:',
      'synthetische demodata',
      '95 %-set',
    ])
      expect(text).toContain(wanted);
    for (const m of answer.mechanisms) expect(text).toContain(m.labelNl);
    for (const i of answer.inputs) expect(text).toContain(i.labelNl);
    for (const control of [...controls, 'Legenda', 'Wat als', 'Rapport']) expect(text).not.toContain(control);
  });
});
