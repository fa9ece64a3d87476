// Format-valid but fake credentials, generated at test time so that no token-shaped string is
// committed (GitHub push protection would block the repository, and rightly so).
import { crc32, toBase62 } from '../../../src/core/secrets/crc32';

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const BASE64 = `${BASE62}+/`;
const BASE64URL = `${BASE62}-_`;
const HEX = '0123456789abcdef';
const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** Deterministic PRNG (mulberry32) so failures reproduce. */
export class FakeTokens {
  private state: number;

  constructor(seed = 0x5eed) {
    this.state = seed >>> 0;
  }

  private next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  chars(alphabet: string, n: number): string {
    let out = '';
    for (let i = 0; i < n; i++) out += alphabet[Math.floor(this.next() * alphabet.length)];
    return out;
  }

  digits(n: number): string {
    return this.chars('0123456789', n);
  }

  /** `gh?_` + 30 random + base62 CRC-32: what GitHub issues. */
  github(kind: 'p' | 'o' | 'u' | 's' | 'r' = 'p'): string {
    const body = this.chars(BASE62, 30);
    return `gh${kind}_${body}${toBase62(crc32(body), 6)}`;
  }

  githubBadChecksum(): string {
    const good = this.github();
    const last = good[good.length - 1] === 'A' ? 'B' : 'A';
    return good.slice(0, -1) + last;
  }

  githubFineGrained(): string {
    return `github_pat_${this.chars(BASE62, 22)}_${this.chars(BASE62, 59)}`;
  }

  gitlab(): string {
    return `glpat-${this.chars(BASE64URL.replace('-', ''), 20)}`;
  }

  slackBot(): string {
    return `xoxb-${this.digits(11)}-${this.digits(13)}-${this.chars(BASE62, 24)}`;
  }

  slackWebhook(): string {
    return `https://hooks.slack.com/services/T${this.chars(BASE32, 8)}/B${this.chars(BASE32, 10)}/${this.chars(BASE62, 24)}`;
  }

  awsKeyId(): string {
    return `AKIA${this.chars(BASE32, 16)}`;
  }

  awsSecretKey(): string {
    return this.chars(BASE64, 40);
  }

  googleApiKey(): string {
    return `AIza${this.chars(BASE64URL, 35)}`;
  }

  stripe(kind: 'sk_live' | 'rk_live' | 'sk_test' | 'pk_live' | 'pk_test'): string {
    return `${kind}_${this.chars(BASE62, 24)}`;
  }

  openaiProject(): string {
    return `sk-proj-${this.chars(BASE64URL, 58)}T3BlbkFJ${this.chars(BASE64URL, 58)}`;
  }

  openaiLegacy(): string {
    return `sk-${this.chars(BASE62, 20)}T3BlbkFJ${this.chars(BASE62, 20)}`;
  }

  anthropic(): string {
    return `sk-ant-api03-${this.chars(BASE64URL, 93)}AA`;
  }

  npm(): string {
    const body = this.chars(BASE62, 30);
    return `npm_${body}${toBase62(crc32(body), 6)}`;
  }

  pypi(): string {
    return `pypi-AgEIcHlwaS5vcmc${this.chars(BASE64URL, 70)}`;
  }

  twilioApiKey(): string {
    return `SK${this.chars(HEX, 32)}`;
  }

  hex(n: number): string {
    return this.chars(HEX, n);
  }

  sendgrid(): string {
    return `SG.${this.chars(BASE64URL, 22)}.${this.chars(BASE64URL, 43)}`;
  }

  password(n = 16): string {
    return this.chars(BASE62, n);
  }
}
