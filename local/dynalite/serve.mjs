// Runs dynalite (the DynamoDB API over an in-memory LevelDB) for the local stack's DynamoDbEmulator:
//   node serve.mjs [--port <port>]     (0, the default, picks a free port)
// Listens on 127.0.0.1 only, keeps nothing on disk, makes tables ACTIVE at once (dynalite's default keeps a new table
// CREATING for 500 ms), prints "dynalite listening on 127.0.0.1:<port>" when it answers, and exits when its standard
// input closes, so it never outlives the JVM that started it, even one killed with SIGKILL.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const dynalite = require('dynalite');

const portArgument = process.argv.indexOf('--port');
const port = portArgument < 0 ? 0 : Number(process.argv[portArgument + 1]);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`dynalite: --port must be a port number (0 for a free one), got ${process.argv[portArgument + 1]}`);
  process.exit(2);
}

const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
server.on('error', (error) => {
  console.error(`dynalite: cannot listen on 127.0.0.1:${port}: ${error.message}`);
  process.exit(1);
});
server.listen(port, '127.0.0.1', () => {
  console.log(`dynalite listening on 127.0.0.1:${server.address().port}`);
});

const stop = () => process.exit(0);
process.stdin.on('end', stop);
process.stdin.on('close', stop);
process.stdin.resume();
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
