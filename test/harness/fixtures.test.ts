import { describe, expect, it } from 'vitest';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkRequests, discoverFixtureFiles, loadFixtureFile, parseFixtureText } from '../../src/harness/fixtures.ts';
import { formatInputError } from '../../src/harness/errors.ts';
import { sampleChecker } from './doubles.ts';

const okRequest = `{ principal: { type: user, id: jane, attributes: { clearance: 3 } }, action: read, resource: { type: index, index: logs-1 }, context: { mfa: true } }`;

describe('fixture files', () => {
  it('parses a valid YAML fixture, resolving policies against the file', () => {
    const r = parseFixtureText('/x/fixtures/a.yaml', `policies: ../policies/obs\ncases:\n  - name: one\n    request: ${okRequest}\n    expect: allow\n    reasons: [a.role:3:logs_reader]\n`);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.policies).toEqual(['/x/policies/obs']);
    expect(r.value.cases[0]).toMatchObject({ name: 'one', expect: 'allow', reasons: ['a.role:3:logs_reader'], path: '$.cases[0]', line: 3 });
  });

  it('accepts JSON and a list of policy paths', () => {
    const r = parseFixtureText('/f/a.json', JSON.stringify({ policies: ['p1', 'p2'], cases: [{ name: 'x', request: {}, expect: 'deny', denied_by: [] }] }));
    expect(r.ok && r.value.policies).toEqual(['/f/p1', '/f/p2']);
  });

  it('names the file, JSON path, line and column of a schema error', () => {
    const text = `policies: p\ncases:\n  - name: one\n    request: {}\n    expect: allow\n  - name: two\n    request: {}\n    expect: maybe\n`;
    const r = parseFixtureText('f.yaml', text);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]).toMatchObject({ code: 'H0002', file: 'f.yaml', path: '$.cases[1].expect', line: 8, col: 13 });
    expect(formatInputError(r.errors[0]!)).toBe('f.yaml:8:13: error H0002 at $.cases[1].expect: must be equal to one of the allowed values: allow | deny');
  });

  it('reports unknown keys, missing keys and wrong types, all at once', () => {
    const r = parseFixtureText('f.yaml', `policies: 3\ncases:\n  - name: one\n    expected: allow\n    request: {}\n`);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const paths = r.errors.map((e) => `${e.path} ${e.message}`);
    expect(paths).toContain("$.cases[0] must NOT have additional properties 'expected'");
    expect(paths).toContain("$.cases[0] must have required property 'expect'");
    expect(paths).toContain('$.policies must be string');
  });

  it('reports YAML syntax errors with line and column', () => {
    const r = parseFixtureText('f.yaml', `policies: p\ncases:\n  - name: [unclosed\n`);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors[0]).toMatchObject({ code: 'H0001', file: 'f.yaml' });
    expect(r.errors[0]!.line).toBeGreaterThan(0);
  });

  it('rejects duplicate case names and duplicate keys', () => {
    const dup = parseFixtureText('f.yaml', `policies: p\ncases:\n  - { name: a, request: {}, expect: allow }\n  - { name: a, request: {}, expect: deny }\n`);
    expect(!dup.ok && dup.errors[0]).toMatchObject({ code: 'H0004', path: '$.cases[1].name', line: 4 });
    const key = parseFixtureText('f.yaml', `policies: p\npolicies: q\ncases: []\n`);
    expect(!key.ok && key.errors[0]!.code).toBe('H0001');
  });

  it('validates requests against the request schema with the full JSON path and line', () => {
    const text = `policies: p\ncases:\n  - name: ok\n    request: ${okRequest}\n    expect: allow\n  - name: bad\n    request:\n      principal: { type: robot, id: x, attributes: { clearance: 1 } }\n      action: read\n      resource: { type: index }\n      context: { mfa: true }\n    expect: deny\n`;
    const r = parseFixtureText('f.yaml', text);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const errs = checkRequests(r.value, sampleChecker);
    expect(errs).toHaveLength(1);
    expect(errs[0]).toMatchObject({ code: 'H0003', path: '$.cases[1].request.principal.type', line: 8, col: 26 });
    expect(errs[0]!.message).toContain("case 'bad'");
  });

  it('discovers fixture files in directories, sorted, and reports missing paths', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rolec-fx-'));
    mkdirSync(join(dir, 'sub'));
    for (const f of ['b.yaml', 'a.json', 'sub/c.yml', 'notes.txt']) writeFileSync(join(dir, f), 'x');
    const r = discoverFixtureFiles([dir]);
    expect(r.ok && r.value.map((f) => f.slice(dir.length + 1))).toEqual(['a.json', 'b.yaml', 'sub/c.yml']);
    const missing = discoverFixtureFiles([join(dir, 'nope')]);
    expect(!missing.ok && missing.errors[0]!.code).toBe('H0005');
    const empty = mkdtempSync(join(tmpdir(), 'rolec-fx-'));
    expect(discoverFixtureFiles([empty]).ok).toBe(false);
    expect(loadFixtureFile(join(dir, 'nope.yaml'))).toMatchObject({ ok: false });
  });
});
