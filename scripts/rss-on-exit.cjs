// Preloaded into a child by the hostile-input benchmark (src/bench/hostile.ts): at exit, writes the
// process's peak resident set (KiB) to the file MXPROOF_RSS_FILE names. A process killed or aborted
// writes nothing, and the benchmark says so.
const { writeFileSync } = require('node:fs');
process.on('exit', () => {
  const file = process.env.MXPROOF_RSS_FILE;
  if (file) writeFileSync(file, String(process.resourceUsage().maxRSS));
});
