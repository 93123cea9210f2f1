/**
 * SHA-256 as lowercase hex, in plain JavaScript (@noble/hashes) so that every stage that
 * hashes (source hashes, bundle revision, manifest) runs in a browser as in Node.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';

const utf8 = new TextEncoder();

export function sha256Hex(data: string | Uint8Array): string {
  return bytesToHex(sha256(typeof data === 'string' ? utf8.encode(data) : data));
}

/** Hashes a sequence of parts as one stream (no concatenation copy). */
export function sha256HexOfParts(parts: Iterable<string | Uint8Array>): string {
  const h = sha256.create();
  for (const p of parts) h.update(typeof p === 'string' ? utf8.encode(p) : p);
  return bytesToHex(h.digest());
}
