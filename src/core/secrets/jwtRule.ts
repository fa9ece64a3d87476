// JSON Web Tokens: a signed JWT is a bearer credential until it expires. The header and payload
// must decode to JSON (a header naming its `alg`), which rules out base64 that merely starts `eyJ`.
import { isWordCharAt, type RawFinding, type SecretRule } from './ruleTypes';
import { regexMatches } from '../util/regexMatches';

const JWT = /eyJ[A-Za-z0-9_-]{8,}={0,2}\.ey[A-Za-z0-9_-]{8,}={0,2}\.([A-Za-z0-9_-]{16,}={0,2})(?![A-Za-z0-9_=-])/g;

function decodeJson(segment: string): Record<string, unknown> | null {
  try {
    const v: unknown = JSON.parse(Buffer.from(segment.replace(/=+$/, ''), 'base64url').toString('utf8'));
    return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** The example token of jwt.io and RFC 7519, reproduced in countless docs and tests. */
function isDocumentationExample(payload: Record<string, unknown>): boolean {
  return (payload.sub === '1234567890' && payload.name === 'John Doe') || payload.iss === 'joe';
}

export const jwtRule: SecretRule = {
  family: 'jwt',
  prefixes: [],
  // The payload after the first dot starts `ey` (base64 of `{"`).
  atDot: (text: string, dot: number): boolean => text.charCodeAt(dot + 1) === 101 && text.charCodeAt(dot + 2) === 121,
  find(text: string, out: RawFinding[]): void {
    for (const m of regexMatches(JWT, text)) {
      if (m.index > 0 && isWordCharAt(text, m.index - 1)) continue;
      const [headerPart, payloadPart] = m[0].split('.');
      const header = decodeJson(headerPart);
      const payload = decodeJson(payloadPart);
      if (!header || !payload || typeof header.alg !== 'string' || header.alg.toLowerCase() === 'none') continue;
      if (isDocumentationExample(payload)) continue;
      const exp = typeof payload.exp === 'number' ? payload.exp : null;
      const expired = exp !== null && exp * 1000 < Date.now();
      out.push({
        start: m.index, end: m.index + m[0].length, secret: m[0], rule: expired ? 'jwt-expired' : 'jwt',
        description: expired ? `Expired JSON Web Token (${header.alg})` : `JSON Web Token (${header.alg})${exp === null ? ', no expiry' : ''}`,
        severity: expired ? 'low' : 'high', blocking: !expired,
      });
    }
  },
};
