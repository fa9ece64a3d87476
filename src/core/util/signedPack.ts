// A file of cached answers that the AI must not be able to forge: the first line is an HMAC of the
// body under a per-user key and a context (what the answers depend on). A pack that does not
// verify is treated as absent. The classify store and the sandbox's walk cache are kept this way.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { writeAtomic } from './atomicWrite';

/** Where a pack lives and what signs it. */
export interface SignedPackPlace {
  readonly file: string;
  readonly key: Buffer;
  readonly context: string;
}

function mac(place: SignedPackPlace, body: string): string {
  return createHmac('sha256', place.key).update(`${place.context}\0${body}`).digest('hex');
}

/** The body, when the file exists and its MAC verifies; null otherwise. Never throws. */
export function readSignedPack(place: SignedPackPlace): string | null {
  try {
    const raw = readFileSync(place.file, 'utf8');
    const nl = raw.indexOf('\n');
    if (nl < 0) return null;
    const body = raw.slice(nl + 1);
    const given = Buffer.from(raw.slice(0, nl));
    const expected = Buffer.from(mac(place, body));
    return given.length === expected.length && timingSafeEqual(given, expected) ? body : null;
  } catch {
    return null;
  }
}

/** Writes the body with its MAC (atomically, private to the user). Throws when it cannot. */
export function writeSignedPack(place: SignedPackPlace, body: string): void {
  writeAtomic(place.file, `${mac(place, body)}\n${body}`, { mode: 0o600 });
}
