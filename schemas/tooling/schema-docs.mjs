// Generates the schema reference (docs/schema/*.md) from the QR message schema with @adobe/jsonschema2md.
//   node schema-docs.mjs update   regenerate docs/schema in place (commit the result)
//   node schema-docs.mjs check    generate into schemas/target/schema-docs-check and fail if docs/schema differs
// The check mirrors the repository layout under target/ so that the relative links jsonschema2md writes
// ("Defined In" ../../schemas/src/...) are the same as in the committed docs.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const repo = join(here, '..', '..');
const schemaDir = join('schemas', 'src', 'main', 'resources', 'com', 'qrrouter', 'schema');
const docsDir = join('docs', 'schema');
const bin = join(here, 'node_modules', '.bin', process.platform === 'win32' ? 'jsonschema2md.cmd' : 'jsonschema2md');

function generate(root) {
  const out = join(root, docsDir);
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  // -x - : no copy of the schema beside the docs (the schema file stays the one source of truth).
  execFileSync(bin, ['-d', join(root, schemaDir), '-o', out, '-x', '-', '-e', 'schema.json'], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  return out;
}

function files(dir) {
  return existsSync(dir) ? readdirSync(dir).filter((f) => !f.startsWith('.')).sort() : [];
}

const mode = process.argv[2];
if (mode === 'update') {
  const out = generate(repo);
  console.log(`schema reference written to ${relative(repo, out)}/ (${files(out).length} files): commit it`);
} else if (mode === 'check') {
  const mirror = join(here, '..', 'target', 'schema-docs-check');
  rmSync(mirror, { recursive: true, force: true });
  cpSync(join(repo, schemaDir), join(mirror, schemaDir), { recursive: true });
  const fresh = generate(mirror);
  const committed = join(repo, docsDir);
  const problems = [];
  const freshFiles = files(fresh);
  const committedFiles = files(committed);
  for (const f of freshFiles) {
    if (!committedFiles.includes(f)) problems.push(`missing in ${docsDir}: ${f}`);
    else if (!readFileSync(join(fresh, f)).equals(readFileSync(join(committed, f)))) {
      problems.push(`differs from the schema: ${docsDir}/${f} (fresh copy: ${relative(repo, join(fresh, f))})`);
    }
  }
  for (const f of committedFiles) {
    if (!freshFiles.includes(f)) problems.push(`not generated from the schema any more: ${docsDir}/${f}`);
  }
  if (problems.length > 0) {
    console.error('The committed schema reference is out of date with the schema:');
    for (const p of problems) console.error(`  - ${p}`);
    console.error('Regenerate it with: (cd schemas/tooling && npm run docs:update), review and commit docs/schema.');
    process.exit(1);
  }
  console.log(`schema reference ${docsDir}/ matches the schema (${freshFiles.length} files)`);
} else {
  console.error('usage: node schema-docs.mjs update|check');
  process.exit(2);
}
