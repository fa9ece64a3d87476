// A relay in a process of its own (as `airlock run` serves it), for tests whose own process
// blocks while sending (the synchronous path): prints the socket path, serves until killed.
import { startAuditRelay } from '../../src/core/audit/auditRelay';

void startAuditRelay(process.argv[2] ?? '', process.argv[3] ?? '').then((relay) => {
  process.stdout.write(`${relay.socketPath}\n`);
  process.on('SIGTERM', () => void relay.close().then(() => process.exit(0)));
});
