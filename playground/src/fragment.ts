/**
 * Shareable state in the URL fragment (format documented in docs/playground.md):
 *
 *   #s=<base64url(deflate-raw(UTF-8(JSON)))>
 *
 * where the JSON is {@link SharedState}. fflate's raw DEFLATE is what `zlib.deflateRawSync`
 * and `CompressionStream('deflate-raw')` produce too, so any of them can build a link.
 */
import { deflateSync, inflateSync, strFromU8, strToU8 } from 'fflate';

export interface SharedState {
  /** Format version: 1. */
  v: 1;
  /** The example set the files came from (informative; the files are what counts). */
  set?: string;
  files: { path: string; text: string }[];
  /** Index of the file tab shown. */
  active?: number;
  /** The request editor's text (JSON, kept verbatim even when invalid). */
  request: string;
}

export const FRAGMENT_PREFIX = '#s=';

export function encodeState(state: SharedState): string {
  const packed = deflateSync(strToU8(JSON.stringify(state)), { level: 9 });
  return FRAGMENT_PREFIX + toBase64Url(packed);
}

/** The state in `hash`, or undefined when there is none; throws when it is malformed. */
export function decodeState(hash: string): SharedState | undefined {
  if (!hash.startsWith(FRAGMENT_PREFIX)) return undefined;
  const json = strFromU8(inflateSync(fromBase64Url(hash.slice(FRAGMENT_PREFIX.length))));
  const s = JSON.parse(json) as SharedState;
  const fileOk = (f: unknown) => !!f && typeof (f as { path?: unknown }).path === 'string' && typeof (f as { text?: unknown }).text === 'string';
  if (s?.v !== 1 || !Array.isArray(s.files) || s.files.length === 0 || !s.files.every(fileOk) || typeof s.request !== 'string') {
    throw new Error('the link holds no playground state of format v1');
  }
  return s;
}

function toBase64Url(bytes: Uint8Array): string {
  let bin = '';
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(text: string): Uint8Array {
  const bin = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}
