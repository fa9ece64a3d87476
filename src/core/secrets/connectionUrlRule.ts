// Credentials inside URLs: `postgres://app:<password>@db.internal/app`, and basic auth in any
// other scheme (`https://user:<password>@host`, `ftp://`, `smtp://`, `git+ssh://`…).
import { isPlaceholderValue } from './placeholders';
import { isWordCharAt, type RawFinding, type SecretRule } from './ruleTypes';
import { regexMatches } from '../util/regexMatches';

const DATABASE_SCHEME = /^(?:postgres(?:ql)?|mysql|mariadb|mongodb(?:\+srv)?|rediss?|amqps?|mssql|sqlserver|jdbc:[a-z]+|clickhouse|cockroachdb|neo4j(?:\+s)?|couchdb|cassandra|nats|kafka)(?:\+[a-z0-9]+)?$/i;
const URL = /([a-z][a-z0-9+.:-]{1,30}):\/\/([^\s:@/'"`<>\\]*):([^\s@/'"`<>\\]+)@([^\s/:?#'"`<>,;\\]+)/dgi;
/** Development hosts: a password there is usually a local default, so it never blocks on its own. */
const LOCAL_HOST = /^(?:localhost|127\.0\.0\.1|0\.0\.0\.0|\[::1\]|host\.docker\.internal)$/i;
/** Documentation hosts (RFC 2606/6761) and template hosts. */
const EXAMPLE_HOST = /(?:^|\.)(?:example\.(?:com|org|net)|example|test|invalid)$|^(?:host|hostname|server|domain)$/i;

export const connectionUrlRule: SecretRule = {
  family: 'connection-url',
  // `@` is rarer than `://`; a `://user:password` before it is confirmed at the hit.
  anchor: '@',
  confirm: /(?<=:\/\/[^\s/@'"`<>\\]{0,256}:[^\s/@'"`<>\\]{1,256})@/y,
  find(text: string, out: RawFinding[]): void {
    for (const m of regexMatches(URL, text)) {
      const [, scheme, user, password, host] = m;
      if (m.index > 0 && isWordCharAt(text, m.index - 1) && !/^jdbc:/i.test(scheme)) continue;
      let decoded = password;
      try {
        decoded = decodeURIComponent(password);
      } catch {
        // Not percent-encoded after all; judge it as written.
      }
      if (isPlaceholderValue(decoded) || decoded.toLowerCase() === user.toLowerCase() || EXAMPLE_HOST.test(host)) continue;
      const [start, end] = m.indices?.[3] ?? [m.index, m.index + m[0].length];
      const local = LOCAL_HOST.test(host);
      const database = DATABASE_SCHEME.test(scheme);
      out.push({
        start, end, secret: password, rule: database ? 'connection-url-password' : 'url-basic-auth',
        description: `${local ? 'Password in a local' : 'Password in a'} ${database ? 'connection URL' : `${scheme} URL (basic auth)`}`,
        severity: local ? 'medium' : 'high', blocking: !local,
      });
    }
  },
};
