import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const source = (path: string) => fileURLToPath(new URL(path, import.meta.url));

// MXPROOF_REQUIRE=all (test/tools.ts) covers the fidelity suite too, which reads only its own older
// switch, MXPROOF_FIDELITY=require: set that for the workers.
const requireAll = (process.env.MXPROOF_REQUIRE ?? '').split(/[\s,]+/).includes('all');

export default defineConfig({
  // Tests written as a user's repository would import the package by name: 'mxproof' and
  // 'mxproof/vitest' resolve to the sources here (tsconfig.json's `paths` says the same to tsc).
  resolve: {
    alias: [
      { find: /^mxproof$/, replacement: source('./src/index.ts') },
      { find: /^mxproof\/vitest$/, replacement: source('./src/vitest/index.ts') },
    ],
  },
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    env: requireAll ? { MXPROOF_FIDELITY: 'require' } : {},
    // The suites skipped for want of a system tool, listed at the end (test/tools.ts). In CI also a
    // JSON summary, from which .ci/run prints a plain "N passed, N failed" line.
    reporters: [
      'default',
      './test/reporters/skippedSuites.ts',
      ...(process.env.CI ? [['json', { outputFile: 'test-artifacts/vitest.json' }] as [string, object]] : []),
    ],
  },
});
