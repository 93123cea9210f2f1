/**
 * `rolec build --signing-key` then `rolec inspect`, through the real CLI: versions,
 * files with hashes, Rego revision, entrypoints, signatures with claims — verified with
 * the right key (exit 0), refused with the wrong one or after tampering (exit 1), and the
 * same for the Rego bundle.tar.gz on its own.
 */
import { spawnSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';

const repo = new URL('../../', import.meta.url).pathname;
const rolec = (...args: string[]) => spawnSync(process.execPath, [join(repo, 'bin/rolec.js'), ...args], { encoding: 'utf8' });
let dir = '';
let out = '';
let pub = '';
let otherPub = '';

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'rolec-inspect-'));
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  writeFileSync(join(dir, 'key.pem'), privateKey.export({ type: 'pkcs8', format: 'pem' }));
  writeFileSync((pub = join(dir, 'pub.pem')), publicKey.export({ type: 'spki', format: 'pem' }));
  writeFileSync((otherPub = join(dir, 'other.pem')), generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({ type: 'spki', format: 'pem' }));
  writeFileSync(join(dir, 'claims.json'), JSON.stringify({ iss: 'rolec-ci' }));
  out = join(dir, 'dist');
  const r = rolec('build', join(repo, 'policies/observability'), '--out', out, '--signing-key', join(dir, 'key.pem'), '--signing-alg', 'ES256', '--claims-file', join(dir, 'claims.json'), '--scope', 'prod');
  if (r.status !== 0) throw new Error(r.stderr);
});

describe('rolec inspect', () => {
  it('reports a signed build and verifies it with the key (json)', () => {
    const r = rolec('inspect', out, '--verification-key', pub, '--scope', 'prod', '--format', 'json');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const report = JSON.parse(r.stdout) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
    const pkg = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')) as { version: string };
    expect(report.kind).toBe('policy-set');
    expect(report.compiler).toEqual({ name: 'rolec', version: pkg.version });
    expect(report.catalogVersion).toMatch(/\S/);
    expect(report.sources.length).toBeGreaterThan(0);
    expect(report.rego.revision).toMatch(/^[0-9a-f]{16}$/);
    expect(report.entrypoints.rego).toContain('rego/bundle.tar.gz');
    const status = Object.fromEntries((report.files as { path: string; status: string }[]).map((f) => [f.path, f.status]));
    expect(status['cedar/policies.cedar']).toBe('ok');
    expect(status['rego/.signatures.json']).toBe('ok');
    expect(report.signatures.map((s: { file: string; verified: boolean; algorithm: string; claims: object }) => [s.file, s.verified, s.algorithm, s.claims])).toEqual([
      ['manifest.sig', true, 'ES256', { iss: 'rolec-ci', scope: 'prod' }],
      ['rego/.signatures.json', true, 'ES256', { iss: 'rolec-ci', scope: 'prod' }],
    ]);
  });

  it('text output; unchecked without a key; refused with the wrong key or scope', () => {
    const r = rolec('inspect', out);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/compiler: +rolec /);
    expect(r.stdout).toMatch(/rego revision: [0-9a-f]{16}/);
    expect(r.stdout).toMatch(/manifest\.sig: ES256 kid=default covers 1 file\(s\): not checked/);
    expect(rolec('inspect', out, '--verification-key', otherPub, '--scope', 'prod').status).toBe(1);
    const wrongScope = rolec('inspect', out, '--verification-key', pub);
    expect(wrongScope.status).toBe(1);
    expect(wrongScope.stdout).toMatch(/REFUSED: scope mismatch/);
  });

  it('a tampered file shows as a mismatch (exit 1)', () => {
    const copy = join(dir, 'tampered');
    expect(rolec('build', join(repo, 'policies/observability'), '--out', copy, '--target', 'cedar').status).toBe(0);
    const p = join(copy, 'cedar/policies.cedar');
    writeFileSync(p, readFileSync(p, 'utf8').replace('permit', 'permit '));
    const r = rolec('inspect', copy);
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/mismatch +cedar\/policies\.cedar/);
  });

  it('the Rego bundle.tar.gz on its own: revision, entrypoint, OPA signature verified', () => {
    const r = rolec('inspect', join(out, 'rego/bundle.tar.gz'), '--verification-key', pub, '--scope', 'prod', '--format', 'json');
    expect(r.status).toBe(0);
    const report = JSON.parse(r.stdout) as { kind: string; entrypoints: { rego: string[] }; signatures: { file: string; verified: boolean; covers: string[] }[] };
    expect(report.kind).toBe('opa-bundle');
    expect(report.entrypoints.rego).toEqual(['rolec/authz/decision']);
    expect(report.signatures).toMatchObject([{ file: '.signatures.json', verified: true }]);
    expect(report.signatures[0]!.covers).toContain('policy.wasm');
  });

  it('usage errors exit 2', () => {
    expect(rolec('inspect', join(dir, 'nope')).status).toBe(2);
    expect(rolec('build', join(repo, 'policies/observability'), '--out', join(dir, 'x'), '--signing-alg', 'ES256').status).toBe(2);
    expect(rolec('build', join(repo, 'policies/observability'), '--out', join(dir, 'x'), '--signing-key', pub, '--signing-alg', 'XX1').status).toBe(2);
  });
});
