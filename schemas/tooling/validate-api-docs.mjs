// Validates docs/api: the AsyncAPI document with @asyncapi/parser (spec + its rules, $refs resolved, including the
// payload schema file) and the OpenAPI document with `redocly lint` (config: redocly.yaml beside this file).
// Exits non-zero on any error, so the Maven build fails. Warnings are printed and do not fail.
import { Parser, fromFile } from '@asyncapi/parser';
import { execFileSync } from 'node:child_process';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const repo = join(here, '..', '..');
const asyncapi = join(repo, 'docs', 'api', 'asyncapi.yaml');
const openapi = join(repo, 'docs', 'api', 'openapi.yaml');
let failed = false;

const { document, diagnostics } = await fromFile(new Parser(), asyncapi).parse();
for (const d of diagnostics) {
  const level = ['error', 'warning', 'info', 'hint'][d.severity] ?? 'error';
  if (level === 'error' || level === 'warning') {
    console.log(`${relative(repo, asyncapi)}: ${level} ${d.code}: ${d.message} at /${(d.path ?? []).join('/')}`);
  }
  failed ||= d.severity === 0;
}
if (!document) failed = true;
console.log(`${relative(repo, asyncapi)}: ${document && !failed ? 'valid' : 'INVALID'}`);

try {
  execFileSync(
    join(here, 'node_modules', '.bin', process.platform === 'win32' ? 'redocly.cmd' : 'redocly'),
    ['lint', openapi, '--config', join(here, 'redocly.yaml'), '--format', 'stylish'],
    {
      stdio: 'inherit',
      env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true', SCARF_ANALYTICS: 'false' },
    },
  );
  console.log(`${relative(repo, openapi)}: valid`);
} catch {
  console.log(`${relative(repo, openapi)}: INVALID (see redocly lint above)`);
  failed = true;
}
process.exit(failed ? 1 : 0);
