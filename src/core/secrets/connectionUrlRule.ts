// Database and broker URLs with an inline password (`postgres://app:<password>@db.internal/app`).
import { isPlaceholderValue } from './placeholders';
import { isWordCharAt, type RawFinding, type SecretRule } from './ruleTypes';

const SCHEMES = '(?:postgres(?:ql)?|mysql|mariadb|mongodb(?:\\+srv)?|rediss?|amqps?|mssql|sqlserver)(?:\\+[a-z0-9]+)?';
const URL = new RegExp(
  `${SCHEMES}:\\/\\/([^\\s:@/'"\`<>\\\\]*):([^\\s@/'"\`<>\\\\]+)@([^\\s/:?#'"\`<>,;\\\\]+)`,
  'dgi',
);
/** Development hosts: a password there is usually a local default, so it never blocks on its own. */
const LOCAL_HOST = /^(?:localhost|127\.0\.0\.1|0\.0\.0\.0|\[::1\]|host\.docker\.internal)$/i;

export const connectionUrlRule: SecretRule = {
  family: 'connection-url',
  // `://` is common (every http URL), so the scheme is confirmed behind the hit.
  anchor: ':\\/\\/',
  confirm: new RegExp(`(?<=${SCHEMES}):\\/\\/`, 'y'),
  find(text: string, out: RawFinding[]): void {
    URL.lastIndex = 0;
    for (let m = URL.exec(text); m !== null; m = URL.exec(text)) {
      const [, user, password, host] = m;
      if (m.index > 0 && isWordCharAt(text, m.index - 1)) continue;
      let decoded = password;
      try {
        decoded = decodeURIComponent(password);
      } catch {
        // Not percent-encoded after all; judge it as written.
      }
      if (isPlaceholderValue(decoded) || decoded.toLowerCase() === user.toLowerCase()) continue;
      const [start, end] = m.indices?.[2] ?? [m.index, m.index + m[0].length];
      const local = LOCAL_HOST.test(host);
      out.push({
        start, end, secret: password, rule: 'connection-url-password',
        description: local ? 'Password in a local connection URL' : 'Password in a connection URL',
        severity: local ? 'medium' : 'high', blocking: !local,
      });
    }
  },
};
