/**
 * At the end of a run, says which suites did not run and why, so that a green `npm test` on a
 * machine without Chromium, SPIN or the MTAs never reads as "everything was tested". Suites that
 * use test/tools.ts carry their reason in the test's meta; any other skipped test (the fidelity
 * suite names its reason in the test's title) is listed by its title.
 */
import type { Reporter, TestModule } from 'vitest/node';

export default class SkippedSuitesReporter implements Reporter {
  onTestRunEnd(modules: ReadonlyArray<TestModule>): void {
    const lines: string[] = [];
    for (const module of modules) {
      const tests = [...module.children.allTests()];
      const tagged = tests.flatMap((t) => t.meta().missingTools ?? []);
      const skipped = tests.filter((t) => t.result().state === 'skipped');
      let reason: string | null = null;
      if (tagged.length > 0) {
        // A required tool that is missing is a failure, reported as one: not repeated here.
        const skips = tagged.filter((m) => !m.required);
        if (skips.length > 0) reason = [...new Set(skips.map((m) => m.message))].join('; ');
      } else if (skipped.length > 0) {
        // A suite without test/tools.ts: its own skipped test says why, by convention in its title.
        const said = skipped.filter((t) => /skipped/i.test(t.name)).map((t) => t.name);
        // Otherwise (a condition such as it.runIf) at least which tests, by name.
        const names = skipped.slice(0, 3).map((t) => `"${t.name}"`).join(', ');
        reason = said.length > 0 ? said.join('; ') : `skipped ${names}${skipped.length > 3 ? ` and ${skipped.length - 3} more` : ''} (a condition in the file, not a tool from test/tools.ts)`;
      }
      if (reason !== null) lines.push(`  ${module.relativeModuleId}: ${reason}`);
    }
    if (lines.length === 0) return;
    process.stdout.write(
      `\nNot run on this machine (MXPROOF_REQUIRE=all makes a missing tool fail instead; README "Running the tests"):\n${lines.join('\n')}\n`,
    );
  }
}
