/** Platt scaling parameters: p = sigmoid(a · margin + b). */
export interface PlattCalibration {
  a: number;
  b: number;
}

/**
 * Fits Platt scaling by Newton's method on the log loss of held-out margins (with Platt's smoothed targets
 * (n₊+1)/(n₊+2) and 1/(n₋+2), which keep a and b finite on separable data). Parameters are float32-rounded
 * because the ONNX graph stores them as float32.
 */
export function fitPlatt(margins: ArrayLike<number>, labels: ArrayLike<number>): PlattCalibration {
  const n = margins.length;
  let pos = 0;
  for (let i = 0; i < n; i += 1) pos += labels[i];
  const hi = (pos + 1) / (pos + 2);
  const lo = 1 / (n - pos + 2);
  let a = 1;
  let b = 0;
  for (let iter = 0; iter < 100; iter += 1) {
    let ga = 0;
    let gb = 0;
    let haa = 1e-9;
    let hab = 0;
    let hbb = 1e-9;
    for (let i = 0; i < n; i += 1) {
      const m = margins[i];
      const p = 1 / (1 + Math.exp(-(a * m + b)));
      const t = labels[i] === 1 ? hi : lo;
      const w = p * (1 - p);
      ga += (p - t) * m;
      gb += p - t;
      haa += w * m * m;
      hab += w * m;
      hbb += w;
    }
    const det = haa * hbb - hab * hab;
    if (!(Math.abs(det) > 0)) break;
    const da = (hbb * ga - hab * gb) / det;
    const db = (haa * gb - hab * ga) / det;
    a -= da;
    b -= db;
    if (Math.abs(da) < 1e-10 && Math.abs(db) < 1e-10) break;
  }
  return { a: Math.fround(a), b: Math.fround(b) };
}
