import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // lib/ (what bin/rolec.js runs) rebuilt first when src/ is newer.
    globalSetup: ['test/setup/lib-fresh.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // The JSON report is what .ci/run reads to print its `N passed, N failed` line.
    reporters: ['default', ['json', { outputFile: '.vitest-report.json' }]],
  },
});
