import { Rng } from '../../training/rng.js';
import type { LabelledMatrix } from '../../training/gbdt.js';

/**
 * A small labelled matrix for learner tests: four informative features (one categorical-like, one with
 * 30 % missing values whose missingness itself carries signal) and one noise feature.
 */
export function syntheticMatrix(rows: number, seed: number): LabelledMatrix {
  const rng = new Rng(seed);
  const width = 5;
  const x = new Float32Array(rows * width);
  const y = new Uint8Array(rows);
  for (let i = 0; i < rows; i += 1) {
    const age = 1850 + rng.next() * 170;
    const cat = rng.int(4);
    const missing = rng.next() < 0.3;
    const depth = missing ? Number.NaN : rng.next() * 3;
    const noise = rng.next();
    const logit = (1940 - age) / 25 + (cat === 1 ? 1 : 0) + (missing ? 0.8 : depth - 1.5) + (rng.next() - 0.5);
    x.set([age, cat, depth, rng.next() * 10 - 5 + logit, noise], i * width);
    y[i] = rng.next() < 1 / (1 + Math.exp(-logit)) ? 1 : 0;
  }
  return { x, y, rows, width };
}

/** Feature names for {@link syntheticMatrix}. */
export const SYNTHETIC_FEATURES = ['bouwjaar', 'type', 'diepte', 'ruis_signaal', 'ruis'];
