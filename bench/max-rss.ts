// Preloaded into a measured child process (node --import): at exit, writes the process's peak
// resident set size in KiB to the file named by MP_S3_LINT_MAX_RSS_FILE.
import { writeFileSync } from 'node:fs';

const file = process.env['MP_S3_LINT_MAX_RSS_FILE'];
if (file !== undefined) process.on('exit', () => writeFileSync(file, String(process.resourceUsage().maxRSS)));
