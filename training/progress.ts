/** A progress reporter: one line per step, on stderr, with seconds since start. */
export type Progress = (message: string) => void;

/** Progress lines on stderr (`[  1.2s] message`). */
export function stderrProgress(): Progress {
  const start = performance.now();
  return (message) => {
    process.stderr.write(`[${((performance.now() - start) / 1000).toFixed(1).padStart(5)}s] ${message}\n`);
  };
}

/** A reporter that discards everything (tests). */
export const silentProgress: Progress = () => {};
