// Checks that every string pattern of the QR message schema means the same in ECMA-262 with and without the `u` flag
// (API Gateway's validator, browsers, ajv) on a table of tricky strings, and that the free-text patterns accept
// characters outside the BMP and refuse what the pipeline cannot carry. Java's reading is checked by the unit tests
// (QrMessageSchemaTest); decision 0106 says why the patterns look as they do.
//   node pattern-flavours.mjs
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const schemaFile = join(here, '..', 'src', 'main', 'resources', 'com', 'qrrouter', 'schema', 'qr-message.v1.schema.json');
const schema = JSON.parse(readFileSync(schemaFile, 'utf8'));

const samples = {
  ascii: 'vwWT)Np=+6-vGzTiopED',
  empty: '',
  latin: 'Zürich-ÄÖÜ-東京-€',
  emoji: 'door-\u{1F6AA}-\u{1F642}',
  manyEmoji: '\u{1F642}'.repeat(2048),
  long: 'x'.repeat(4096),
  replacement: '\uFFFD',
  privateUse: '\uE000',
  lastPlane: '\u{10FFFF}',
  lineSeparator: '\u2028',
  fffe: 'A\uFFFE',
  ffff: '\uFFFF',
  loneHigh: 'A\uD800',
  loneHighAtEnd: '\uD83D',
  loneLow: 'A\uDC00B',
  reversedPair: '\uDE42\uD83D',
  pairThenLoneLow: '\u{1F642}\uDE42',
  tab: 'a\tb',
  trailingNewline: 'abc\n',
  nul: 'a\u0000',
  del: 'a\u007F',
};
// Must be refused by the free-text properties (QRCode, TEST), whatever the flavour.
const uncarriable = ['fffe', 'ffff', 'loneHigh', 'loneHighAtEnd', 'loneLow', 'reversedPair', 'pairThenLoneLow'];
const mustAccept = ['ascii', 'latin', 'emoji', 'manyEmoji', 'long', 'replacement', 'privateUse', 'lastPlane'];

const problems = [];
for (const [name, property] of Object.entries(schema.properties)) {
  if (!property.pattern) continue;
  const plain = new RegExp(property.pattern);
  const unicode = new RegExp(property.pattern, 'u');
  for (const [sample, text] of Object.entries(samples)) {
    if (plain.test(text) !== unicode.test(text)) {
      problems.push(`${name}: the pattern means something else with and without the u flag for ${sample}`);
    }
  }
  for (const sample of uncarriable) {
    if (plain.test(samples[sample]) || unicode.test(samples[sample])) {
      problems.push(`${name}: the pattern accepts ${sample}, which the pipeline cannot carry`);
    }
  }
  if (name === 'QRCode' || name === 'TEST') {
    for (const sample of mustAccept) {
      if (!plain.test(samples[sample])) problems.push(`${name}: the pattern refuses ${sample}`);
    }
  }
}
if (problems.length > 0) {
  console.error(problems.join('\n'));
  process.exit(1);
}
console.log(`patterns of ${Object.keys(schema.properties).length} properties mean the same with and without the u flag`);
