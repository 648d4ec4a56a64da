// A pact version's identity: the SHA-256 (hex) of its canonical JSON. The same content published
// twice, however it was formatted, is one pact version.
import { createHash } from 'node:crypto';
import { canonicalJson } from './canonical-json.ts';

export function contentSha(value: unknown): string {
  return createHash('sha256').update(canonicalJson(value), 'utf8').digest('hex');
}
