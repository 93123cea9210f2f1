/**
 * Test double for the OPA CLI: an executable `opa` script that handles
 * `opa build -t wasm -e … -o OUT files…` by recording its arguments (args.json beside it)
 * and writing a gzipped bundle tarball laid out like OPA's (/.manifest, /data.json,
 * /policy.wasm). Used because no OPA binary exists on these machines.
 */
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const tarEntry = createRequire(import.meta.url).resolve('tar');

export function writeFakeOpa(dir: string, behaviour: { wasm?: Uint8Array; fail?: string }): string {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, 'opa');
  const script = `#!/usr/bin/env node
const fs = require('node:fs');
const path = require('node:path');
const args = process.argv.slice(2);
fs.writeFileSync(${JSON.stringify(join(dir, 'args.json'))}, JSON.stringify(args));
${behaviour.fail !== undefined ? `process.stderr.write(${JSON.stringify(behaviour.fail)} + '\\n'); process.exit(1);` : ''}
const out = args[args.indexOf('-o') + 1];
const stage = fs.mkdtempSync(path.join(require('node:os').tmpdir(), 'fake-opa-'));
fs.writeFileSync(path.join(stage, '.manifest'), '{"revision":"","roots":[""]}');
fs.writeFileSync(path.join(stage, 'data.json'), '{}');
const files = ['.manifest', 'data.json'];
${behaviour.wasm ? `fs.writeFileSync(path.join(stage, 'policy.wasm'), Buffer.from(${JSON.stringify(Array.from(behaviour.wasm))})); files.push('policy.wasm');` : ''}
const tar = require(${JSON.stringify(tarEntry)});
tar.c({ gzip: true, file: out, cwd: stage, sync: true, prefix: '/' }, files);
`;
  writeFileSync(path, script);
  chmodSync(path, 0o755);
  return path;
}
