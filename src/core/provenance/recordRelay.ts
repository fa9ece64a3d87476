// Provenance records under `airlock run`: the records folder is part of the frozen `.airlock/`,
// read-only inside, so a hook inside holds the records it writes and hands them to `airlock run`
// over the audit relay; `run` stores them outside with the one appender. Only what hooks write
// comes this way (AI lines, models settled at the end of a session): reviews, human marks and
// retirements never come from inside, and a record for another workspace is refused.
import { resolveAuditDir } from '../audit/auditLocation';
import { AUDIT_SOCKET_ENV, sendRecordsToRelay } from '../audit/auditRelay';
import { errorMessage } from '../util/errorMessage';
import { parseRecord, serializeRecord } from './recordCodec';
import { appendRecord } from './recordStore';
import type { ProvenanceRecord } from './recordTypes';
import { sameDir } from '../util/sameDir';

const FROM_HOOKS = new Set<ProvenanceRecord['kind']>(['ai', 'model']);
/** The relay takes at most this many records per request. */
const RELAY_BATCH = 100;

/** `run`'s side: stores records a hook inside sent for `root`; null when all are stored, else why none was. */
export function storeRelayedRecords(runRoot: string, root: string, texts: readonly string[]): string | null {
  if (!sameDir(root, runRoot)) return 'records for another workspace';
  const records: ProvenanceRecord[] = [];
  try {
    for (const text of texts) {
      const record = parseRecord(text, 'a record from a hook inside');
      if (!FROM_HOOKS.has(record.kind)) return `a "${record.kind}" record never comes from a hook`;
      records.push(record);
    }
    for (const record of records) appendRecord(runRoot, record);
    return null;
  } catch (err) {
    return errorMessage(err);
  }
}

/**
 * The hook's side: where its records go. Inside `airlock run` (a relay in the environment) they
 * are held, then `flush` hands them to `run`; a record `run` refuses (another workspace) is
 * appended here directly, which works where that workspace's folder is writable. Elsewhere
 * records are appended as they come.
 */
export function hookRecordSink(env: NodeJS.ProcessEnv): { readonly append?: (root: string, record: ProvenanceRecord) => void; flush(): Promise<string | undefined> } {
  const socket = env[AUDIT_SOCKET_ENV];
  if (!socket) return { flush: async () => undefined };
  const held: Array<{ root: string; record: ProvenanceRecord }> = [];
  return {
    append: (root, record) => void held.push({ root, record }),
    async flush() {
      const problems: string[] = [];
      for (const root of new Set(held.map((h) => h.root))) {
        const all = held.filter((h) => h.root === root).map((h) => h.record);
        for (let i = 0; i < all.length; i += RELAY_BATCH) {
          const mine = all.slice(i, i + RELAY_BATCH);
          try {
            await sendRecordsToRelay(socket, resolveAuditDir(root).dir, root, mine.map(serializeRecord));
          } catch (err) {
            for (const record of mine) {
              try {
                appendRecord(root, record);
              } catch {
                problems.push(`${record.file}: not recorded (${errorMessage(err)}; and the records folder is not writable here)`);
              }
            }
          }
        }
      }
      held.length = 0;
      return problems.length ? problems.join('; ') : undefined;
    },
  };
}
