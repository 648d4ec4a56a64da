// API token secrets: `tty_` followed by 40 random base62 characters (about 238 bits). Only the
// SHA-256 of a secret is stored; the first characters are kept as a `prefix` so people can tell
// tokens apart in listings. The `tty_` marker lets secret scanners recognise leaked Treaty tokens.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

export const TOKEN_MARKER = 'tty_';
const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const RANDOM_LENGTH = 40;
/** Characters of the secret kept in clear as its prefix (the marker plus 6). */
const PREFIX_LENGTH = TOKEN_MARKER.length + 6;

export function generateTokenSecret(): string {
  let out = '';
  while (out.length < RANDOM_LENGTH) {
    for (const byte of randomBytes(64)) {
      // 248 = 4 × 62: dropping bytes above it keeps every character equally likely.
      if (byte < 248 && out.length < RANDOM_LENGTH) out += BASE62[byte % 62];
    }
  }
  return `${TOKEN_MARKER}${out}`;
}

/** Hex SHA-256 of a secret: what is stored and looked up. */
export function hashTokenSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

export function tokenPrefix(secret: string): string {
  return secret.slice(0, PREFIX_LENGTH);
}

/** Compares two secrets (or a secret and a known value) in constant time, through their hashes. */
export function secretsEqual(a: string, b: string): boolean {
  return timingSafeEqual(createHash('sha256').update(a, 'utf8').digest(), createHash('sha256').update(b, 'utf8').digest());
}

/** Compares two hex SHA-256 hashes in constant time. */
export function hashesEqual(a: string, b: string): boolean {
  const x = Buffer.from(a, 'hex');
  const y = Buffer.from(b, 'hex');
  return x.length === y.length && x.length > 0 && timingSafeEqual(x, y);
}
