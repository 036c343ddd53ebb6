/**
 * The text of a PDF as a reader would get it, extracted by poppler's `pdftotext` (Debian package
 * `poppler-utils`). Used to check what really lands on paper, not what the print-media DOM promises.
 */
import { execFile, spawnSync } from 'node:child_process';

/** True when `pdftotext` can be run. */
export function hasPdftotext(): boolean {
  const probe = spawnSync('pdftotext', ['-v'], { stdio: 'ignore' });
  return probe.error === undefined && probe.status === 0;
}

/** The text of the PDF file at `path`, page by page (pages are separated by a form feed). */
export function pdfText(path: string): Promise<string[]> {
  return new Promise((resolve, reject) => {
    // Reading order (no -layout), so a wrapped table cell stays together; `-` writes the text to stdout.
    execFile('pdftotext', ['-enc', 'UTF-8', path, '-'], { maxBuffer: 16 * 1024 * 1024 }, (err, stdout) => {
      if (err) reject(err);
      else resolve(stdout.split('\f').filter((page, i, all) => i < all.length - 1 || page.trim() !== ''));
    });
  });
}
