/**
 * The analyser never throws, whatever the text: random token soups and random damage to
 * the example policies (parser recovery gives partial ASTs) always give diagnostics, and an
 * IR only when there is no error.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { readFileSync, readdirSync } from 'node:fs';
import { checkSources } from '../../src/semantics/index.ts';

const TOKENS = [
  'role', 'deny', 'user', 'api_key', 'group', 'mapping', 'assign', 'schema', 'includes', 'cluster', 'index', 'except',
  'privileges', 'fields', 'grant', 'documents', 'where', 'when', 'unless', 'for', 'run_as', 'application', 'resources',
  'description', 'metadata', 'roles', 'cloud', 'on', 'organization', 'all', 'deployments', 'deployment', 'has', 'like', 'in',
  '{', '}', '(', ')', '[', ']', ',', ';', ':', '.', '?', '==', '!=', '<', '<=', '>', '>=', '&&', '||', '!',
  '"logs-*"', '"a?"', '""', '"/re/"', '42', '-1', 'true', 'false', 'ip("10.0.0.0/8")', 'ip("nope")',
  'user.level', 'document.level', 'context.mfa', 'principal.groups', 'resource.index', 'user.x.y', 'cloud.admin', 'cloud.nope',
  'read', 'write', 'monitor', 'manage_security', 'superuser', 'a', 'b', 'String', 'Long', 'Set<String>', 'IpAddr', 'Bool',
  '.contains', '.containsAll', '.isEmpty()', '.isInRange',
];

const assertSane = (files: { path: string; text: string }[]) => {
  const { ir, diagnostics } = checkSources(files);
  const errors = diagnostics.filter((d) => d.severity === 'error');
  expect(ir === undefined).toBe(errors.length > 0);
  for (const d of diagnostics) {
    expect(d.code).toMatch(/^[EW]\d{4}$/);
    expect(d.span.start.line).toBeGreaterThanOrEqual(1);
    expect(d.message).not.toMatch(/\n/);
  }
};

describe('analyser robustness', () => {
  it('never throws on token soup', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...TOKENS), { maxLength: 60 }), (toks) => {
        assertSane([{ path: 's.role', text: toks.join(' ') }]);
      }),
      { numRuns: 300, seed: 20261122 },
    );
  });

  it('never throws on damaged example policies', () => {
    const dir = new URL('../../policies/observability/', import.meta.url);
    const files = readdirSync(dir).filter((f) => f.endsWith('.role')).sort().map((f) => ({ path: f, text: readFileSync(new URL(f, dir), 'utf8') }));
    fc.assert(
      fc.property(fc.nat(files.length - 1), fc.nat(), fc.nat(40), fc.constantFrom('', '}', '{', ' role ', '"', ' && ', ' x '), (fi, at, len, ins) => {
        const f = files[fi]!;
        const p = at % (f.text.length + 1);
        const damaged = f.text.slice(0, p) + ins + f.text.slice(p + len);
        assertSane(files.map((g, i) => (i === fi ? { path: g.path, text: damaged } : g)));
      }),
      { numRuns: 150, seed: 7 },
    );
  });
});
