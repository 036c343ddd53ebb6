/** Jest runs the TypeScript sources as native ESM through ts-jest (transpile only; `npm run typecheck` checks types). */
export default {
  testEnvironment: '<rootDir>/test/support/onnx-environment.cjs',
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: {
    '^.+\\.ts$': ['ts-jest', { useESM: true, diagnostics: false }],
  },
  testMatch: ['<rootDir>/test/**/*.test.ts'],
  // Generous: hooks that load the demo (≈ 5–10 s alone) take much longer on a shared, loaded 2-core machine.
  testTimeout: 120000,
};
