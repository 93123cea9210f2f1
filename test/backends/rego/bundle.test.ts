import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { assembleBundle, buildRegoBundle, deterministicTarGz, generateRego } from '../../../src/backends/rego/bundle.ts';
import { stableJson } from '../../../src/backends/json.ts';
import { clusterPerm, policySet, role } from './ir-builders.ts';

const FAKE_WASM = new Uint8Array([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]);

const IR = policySet({ roles: [role('ops', [clusterPerm('ops', ['monitor'])])] });

function bundleOf(ir = IR) {
  const { modules, data } = generateRego(ir);
  return assembleBundle(modules, stableJson(data), FAKE_WASM);
}

/** Parses an uncompressed ustar archive: entry names, modes, mtimes, uid/gid. */
function tarEntries(tarball: Uint8Array) {
  const buf = Buffer.from(gunzipSync(tarball));
  const out: { name: string; mode: string; mtime: string; uid: string; gid: string; uname: string }[] = [];
  for (let off = 0; off + 512 <= buf.length; ) {
    const h = buf.subarray(off, off + 512);
    if (h.every((b) => b === 0)) break;
    const field = (a: number, n: number) => h.subarray(a, a + n).toString('latin1').replace(/\0.*$/s, '').trim();
    const size = parseInt(field(124, 12), 8);
    const prefix = field(345, 155);
    out.push({
      name: prefix ? `${prefix}/${field(0, 100)}` : field(0, 100),
      mode: field(100, 8),
      uid: field(108, 8),
      gid: field(116, 8),
      mtime: field(136, 12),
      uname: field(265, 32),
    });
    off += 512 + Math.ceil(size / 512) * 512;
  }
  return out;
}

describe('Rego bundle', () => {
  it('is byte-identical across builds', () => {
    const a = bundleOf();
    const b = bundleOf();
    expect(Buffer.from(a.tarball).equals(Buffer.from(b.tarball))).toBe(true);
    expect([...a.files.keys()]).toEqual([...b.files.keys()]);
  });

  it('holds sorted entries with fixed metadata, a manifest declaring the wasm entrypoint, and no gzip timestamp', () => {
    const { tarball, files } = bundleOf();
    const entries = tarEntries(tarball);
    expect(entries.map((e) => e.name)).toEqual(['.manifest', 'data.json', 'policy.wasm', 'rolec/authz/decision.rego', 'rolec/authz/policy.rego']);
    for (const e of entries) {
      expect(parseInt(e.mode, 8)).toBe(0o644);
      expect(parseInt(e.mtime, 8)).toBe(0);
      expect(parseInt(e.uid || '0', 8)).toBe(0);
      expect(parseInt(e.gid || '0', 8)).toBe(0);
      expect(e.uname).toBe('');
    }
    expect(Buffer.from(tarball).readUInt32LE(4)).toBe(0); // gzip MTIME
    const manifest = JSON.parse(new TextDecoder().decode(files.get('.manifest')));
    expect(manifest).toMatchObject({
      roots: ['rolec'],
      wasm: [{ entrypoint: 'rolec/authz/decision', module: '/policy.wasm' }],
    });
    expect(manifest.revision).toMatch(/^[0-9a-f]{16}$/);
    const data = JSON.parse(new TextDecoder().decode(files.get('data.json')));
    expect(Object.keys(data)).toEqual(['rolec']);
  });

  it('encodes ASCII and non-ASCII texts into the archive as UTF-8, the revision a hash of those bytes', () => {
    const enc = new TextEncoder();
    for (const [name, text] of [['plain names', 'cluster_admin'], ['non-ASCII names', 'équipe 日本 🙂']]) {
      const ir = policySet({ roles: [role(text, [clusterPerm(text, ['monitor'])])] });
      const { modules, data } = generateRego(ir);
      const dataJson = stableJson(data);
      const b = assembleBundle(modules, dataJson, FAKE_WASM);
      const expected = new Map<string, Uint8Array>([['data.json', enc.encode(dataJson)], ['policy.wasm', FAKE_WASM], ...modules.map((m) => [m.path, enc.encode(m.source)] as [string, Uint8Array])]);
      const parts = [...expected.keys()].sort().flatMap((path) => [path, '\0', expected.get(path)!, '\0']);
      const revision = createHash('sha256');
      for (const p of parts) revision.update(p);
      const manifest = JSON.parse(new TextDecoder().decode(b.files.get('.manifest'))) as { revision: string };
      expect(manifest.revision, name).toBe(revision.digest('hex').slice(0, 16));
      for (const [path, bytes] of expected) expect(Buffer.from(b.files.get(path)!).equals(Buffer.from(bytes)), `${name} ${path}`).toBe(true);
      // The tarball is the archive of exactly those files (the signing path rebuilds it so).
      expect(Buffer.from(b.tarball).equals(Buffer.from(deterministicTarGz(b.files))), name).toBe(true);
    }
  });

  it('changes revision when the policy changes', () => {
    const ir = policySet({ roles: [role('ops', [clusterPerm('ops', ['manage'])])] });
    const { modules, data } = generateRego(ir);
    const other = assembleBundle(modules, stableJson(data), FAKE_WASM);
    expect(other.files.get('.manifest')).not.toEqual(bundleOf().files.get('.manifest'));
  });

  it('the tarball holds exactly the files, as regular 0644 files with mtime 0; system tar reads it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rolec-rego-test-'));
    try {
      const b = bundleOf();
      writeFileSync(join(dir, 'bundle.tar.gz'), b.tarball);
      const listing = execFileSync('tar', ['-tvzf', join(dir, 'bundle.tar.gz')], { encoding: 'utf8' }).trim().split('\n');
      expect(listing.map((l) => l.split(/\s+/).pop())).toEqual([...b.files.keys()]);
      for (const line of listing) expect(line).toMatch(/^-rw-r--r-- 0\/0 .* 1970-01-01 00:00 /);
      execFileSync('tar', ['-xzf', join(dir, 'bundle.tar.gz'), '-C', dir]);
      for (const [path, bytes] of b.files) expect(readFileSync(join(dir, path))).toEqual(Buffer.from(bytes));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reports the compiler diagnostics and writes no bundle when the Rego→Wasm compiler fails', async () => {
    const ir = policySet({ roles: [] });
    const result = await buildRegoBundle(ir, () => ({ diagnostics: [{ message: 'unsupported builtin sort', code: 'R0001' }] }));
    expect(result).toEqual({ ok: false, diagnostics: [{ message: 'unsupported builtin sort', code: 'R0001' }] });
    const none = await buildRegoBundle(ir, () => ({ diagnostics: [] }));
    expect(none.ok).toBe(false);
  });
});
