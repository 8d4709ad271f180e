// Preloaded into a measured child process (node --import): at exit, writes the process's peak
// resident set size (KiB) and CPU time (µs) as JSON to the file named by MP_S3_LINT_USAGE_FILE.
import { writeFileSync } from 'node:fs';

const file = process.env['MP_S3_LINT_USAGE_FILE'];
if (file !== undefined) {
  process.on('exit', () => {
    const usage = process.resourceUsage();
    writeFileSync(file, JSON.stringify({ maxRssKiB: usage.maxRSS, cpuMicros: usage.userCPUTime + usage.systemCPUTime }));
  });
}
