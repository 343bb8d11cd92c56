// The npm half of the licence gate (decision 0010). For every package-lock.json in the repository (outside
// node_modules and target/), installs its packages when node_modules does not match the lock (npm ci, scripts off),
// then lets license-checker-rseidelsohn list every package's licence and fail on one that is not in
// allowed-licences.txt (a package licensed under several is accepted when one of them is allowed). A package whose
// licence license-checker could not read (UNKNOWN) fails too. Writes one listing per lock file to the output folder.
//   node npm-licences.mjs <output folder> [folder to search, default: the repository]
import { createHash } from 'node:crypto';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const output = process.argv[2] ?? join(here, 'target');
const root = process.argv[3] ?? dirname(here);
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
// licence-gate-fixtures: the planted non-open-source packages that LicenceGateIT shows failing.
const skipped = new Set(['node_modules', 'target', '.git', 'cdk.out', 'licence-gate-fixtures']);

function lockFolders(folder) {
  const found = [];
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    if (entry.isDirectory() && !skipped.has(entry.name)) {
      found.push(...lockFolders(join(folder, entry.name)));
    } else if (entry.isFile() && entry.name === 'package-lock.json') {
      found.push(folder);
    }
  }
  return found;
}

// Same stamp as schemas/tooling/ensure-deps.mjs, so a folder that its own build installed is not installed again.
function ensureInstalled(folder) {
  const wanted = createHash('sha256')
    .update(readFileSync(join(folder, 'package-lock.json')))
    .update(process.version)
    .digest('hex');
  const stamp = join(folder, 'node_modules', '.qr-router-lock.sha256');
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === wanted) {
    return;
  }
  console.log(`licence gate: npm ci in ${relative(root, folder) || '.'} (pinned by its package-lock.json)`);
  execFileSync(npm, ['ci', '--no-audit', '--no-fund', '--ignore-scripts'], { cwd: folder, stdio: 'inherit' });
  writeFileSync(stamp, wanted);
}

const allowed = readFileSync(join(here, 'allowed-licences.txt'), 'utf8')
  .split('\n')
  .map((line) => line.trim())
  .filter((line) => line.length > 0);
const checker = join(here, 'node_modules', 'license-checker-rseidelsohn', 'bin', 'license-checker-rseidelsohn');

mkdirSync(output, { recursive: true });
ensureInstalled(here);
if (lockFolders(root).length === 0) {
  console.error(`licence gate: no package-lock.json under ${root}`);
  process.exit(1);
}
const failures = [];
for (const folder of lockFolders(root).sort()) {
  ensureInstalled(folder);
  const name = (relative(root, folder) || 'root').replaceAll('/', '-');
  const listing = join(output, `npm-THIRD-PARTY-${name}.csv`);
  const result = spawnSync(
    process.execPath,
    [checker, '--start', folder, '--excludePrivatePackages', '--csv', '--out', listing,
      '--onlyAllow', allowed.join(';')],
    { encoding: 'utf8' },
  );
  if (result.status !== 0) {
    failures.push(`${relative(root, folder) || '.'}: ${(result.stderr || result.stdout).trim()}`);
  } else {
    console.log(`licence gate: ${relative(root, folder)}: every npm licence allowed, listing in ${relative(root, listing)}`);
  }
}
if (failures.length > 0) {
  console.error('licence gate: npm packages under a licence outside licences/allowed-licences.txt (decision 0010):');
  for (const failure of failures) console.error(`  ${failure}`);
  console.error('Replace the package, or, if its licence is open source, add it to the list with a reason in decision 0010.');
  process.exit(1);
}
