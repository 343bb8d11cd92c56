// Installs the pinned dynalite with `npm ci` when node_modules does not match package-lock.json.
// `npm ci` wipes and reinstalls every time, so the Maven build calls this instead of `npm ci` directly:
// the first build installs (a few seconds from a cold npm cache), later builds reuse node_modules.
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const lock = readFileSync(join(here, 'package-lock.json'));
const wanted = createHash('sha256').update(lock).update(process.version).digest('hex');
const stamp = join(here, 'node_modules', '.qr-router-lock.sha256');

if (existsSync(stamp) && readFileSync(stamp, 'utf8') === wanted) {
  console.log('dynalite: node_modules matches package-lock.json');
} else {
  console.log('dynalite: npm ci (pinned by package-lock.json)');
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  execFileSync(npm, ['ci', '--no-audit', '--no-fund', '--ignore-scripts'], { cwd: here, stdio: 'inherit' });
  writeFileSync(stamp, wanted);
}
