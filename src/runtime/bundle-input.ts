/**
 * What an application hands the runtime as "the bundle": the files of a built policy set
 * (the layout `rolec build` writes: `request.schema.json`, `manifest.json`, `cedar/…`,
 * `rego/…`) as a Map or a record of path → bytes, or the same directory as `.tar.gz` bytes.
 * Rego's own OPA bundle (`rego/bundle.tar.gz`) is accepted too; it lacks the request
 * schema, which the caller then passes separately. Environment-neutral: fflate and nanotar
 * are plain JavaScript.
 */
import { gunzipSync } from 'fflate';
import { parseTar } from 'nanotar';

export type BundleFiles = ReadonlyMap<string, Uint8Array>;
export type BundleInput = Uint8Array | ArrayBuffer | BundleFiles | Readonly<Record<string, Uint8Array | string>>;

export class BundleFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BundleFormatError';
  }
}

/** The input as one map of normalised relative paths (no leading `./` or `/`) → bytes. */
export function bundleFiles(input: BundleInput): Map<string, Uint8Array> {
  if (input instanceof Uint8Array || input instanceof ArrayBuffer) return untarGz(new Uint8Array(input));
  const out = new Map<string, Uint8Array>();
  const entries = input instanceof Map ? [...(input as BundleFiles)] : Object.entries(input);
  const enc = new TextEncoder();
  for (const [path, bytes] of entries) out.set(normalisePath(path), typeof bytes === 'string' ? enc.encode(bytes) : bytes);
  return out;
}

function untarGz(bytes: Uint8Array): Map<string, Uint8Array> {
  if (bytes[0] !== 0x1f || bytes[1] !== 0x8b) throw new BundleFormatError('bundle bytes are not gzip data (expected a .tar.gz)');
  let tar: Uint8Array;
  try {
    tar = gunzipSync(bytes);
  } catch (err) {
    throw new BundleFormatError(`bundle .tar.gz does not decompress: ${(err as Error).message}`);
  }
  // nanotar resolves `..` in entry names silently (`a/../../x` → `x`): check the names as written.
  for (const name of rawEntryNames(tar)) normalisePath(name);
  const out = new Map<string, Uint8Array>();
  for (const item of parseTar(tar)) {
    if (item.type === 'directory') continue;
    if (item.type !== 'file') throw new BundleFormatError(`bundle entry ${item.name} is a ${item.type ?? 'special entry'}; only regular files are accepted`);
    const path = normalisePath(item.name);
    // Extractors disagree on which of two same-named entries wins: refuse the ambiguity.
    if (out.has(path)) throw new BundleFormatError(`bundle entry ${path} appears twice in the archive`);
    out.set(path, item.data ?? new Uint8Array());
  }
  return out;
}

/**
 * Entry names as the archive spells them: ustar name (with its prefix field), replaced by a
 * pax `path` record or a GNU long name when one precedes the entry.
 */
function rawEntryNames(tar: Uint8Array): string[] {
  const dec = new TextDecoder();
  const field = (at: number, len: number) => dec.decode(tar.subarray(at, at + len)).replace(/\0.*$/s, '');
  const names: string[] = [];
  let longName: string | undefined;
  for (let offset = 0; offset + 512 <= tar.length; ) {
    if (tar.subarray(offset, offset + 512).every((b) => b === 0)) break;
    const size = parseInt(field(offset + 124, 12).trim() || '0', 8);
    if (!Number.isSafeInteger(size) || size < 0) throw new BundleFormatError('bundle .tar.gz has a malformed entry header');
    const type = field(offset + 156, 1) || '0';
    const body = dec.decode(tar.subarray(offset + 512, offset + 512 + size));
    if (type === 'x') longName = /(?:^|\n)\d+ path=([^\n]*)\n/.exec(body)?.[1] ?? longName;
    else if (type === 'L') longName = body.replace(/\0.*$/s, '');
    else if (type !== 'g') {
      const prefix = field(offset + 345, 155);
      const name = longName ?? (prefix ? `${prefix}/${field(offset, 100)}` : field(offset, 100));
      if (type !== '5') names.push(name);
      longName = undefined;
    }
    offset += 512 + Math.ceil(size / 512) * 512;
  }
  return names;
}

function normalisePath(path: string): string {
  const p = path.replace(/^(\.\/|\/)+/, '');
  if (p === '' || p.split('/').some((seg) => seg === '..' || seg === '.' || seg === '')) {
    throw new BundleFormatError(`bundle path ${JSON.stringify(path)} is not a plain relative path`);
  }
  return p;
}

/** The files below `dir/` (prefix stripped). */
export function subdirectory(files: BundleFiles, dir: string): Map<string, Uint8Array> {
  const prefix = `${dir}/`;
  return new Map([...files].filter(([p]) => p.startsWith(prefix)).map(([p, b]) => [p.slice(prefix.length), b]));
}

/** An OPA bundle's root has `.manifest` and `policy.wasm`; a policy-set directory has `rego/`. */
export function isOpaBundle(files: BundleFiles): boolean {
  return files.has('.manifest') && files.has('policy.wasm');
}
