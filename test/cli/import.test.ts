/**
 * `rolec import elasticsearch` end to end, and the "done when": import roles and
 * mappings into a directory, then `rolec build` it for Cedar, Rego and Elasticsearch.
 * Also how `rolec build` picks targets per policy set (rolec.json).
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { runImport } from '../../src/cli/commands/import.ts';
import { runBuild } from '../../src/cli/commands/build.ts';
import { loadPolicySet } from '../../src/semantics/index.ts';

const root = new URL('../../', import.meta.url).pathname;
const sink = () => {
  let text = '';
  return { write: (s: string) => ((text += s), true), get text() { return text; } };
};

const ROLES = {
  clicks_admin: {
    run_as: ['clicks_watcher_1'],
    cluster: ['monitor'],
    indices: [{ names: ['events-*'], privileges: ['read'], field_security: { grant: ['category', '@timestamp', 'message'] }, query: '{"match": {"category": "click"}}' }],
    metadata: { version: 1 },
  },
  owner_reader: { indices: [{ names: ['tickets-*'], privileges: ['read'], query: { template: { source: { term: { owner: '{{_user.username}}' } } } } }] },
};
const MAPPINGS = {
  admins: { roles: ['clicks_admin', 'owner_reader'], enabled: true, rules: { all: [{ field: { groups: 'cn=admins,dc=example,dc=com' } }, { except: { field: { 'metadata.terminated_date': null } } }] } },
};

function inputs(extraRoles: Record<string, unknown> = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'rolec-import-'));
  writeFileSync(join(dir, 'roles.json'), JSON.stringify({ ...ROLES, ...extraRoles }));
  writeFileSync(join(dir, 'mappings.json'), JSON.stringify(MAPPINGS));
  return dir;
}

describe('rolec import elasticsearch', () => {
  it('imports, writes a formatted policy set that builds for cedar, rego and elasticsearch', async () => {
    const dir = inputs();
    const out = join(dir, 'policies', 'mine');
    const stdout = sink();
    const stderr = sink();
    expect(await runImport('elasticsearch', [join(dir, 'roles.json')], { mappings: [join(dir, 'mappings.json')], out }, stdout, stderr)).toBe(0);
    expect(readdirSync(out).sort()).toEqual(['mappings.role', 'roles.role', 'schema.role']);
    const roles = readFileSync(join(out, 'roles.role'), 'utf8');
    expect(roles).toContain('role clicks_admin {');
    expect(roles).toContain('documents where document.category == "click"');
    expect(readFileSync(join(out, 'mappings.role'), 'utf8')).toContain('principal.type == "user"');
    expect((await loadPolicySet([out])).ir).toBeDefined();
    const dist = join(dir, 'dist');
    vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    try {
      expect(await runBuild([out], dist)).toBe(0);
    } finally {
      vi.restoreAllMocks();
    }
    for (const f of ['cedar/policies.cedar', 'rego/bundle.tar.gz', 'elasticsearch/roles.json', 'elasticsearch/role_mappings.json']) expect(existsSync(join(dist, f)), f).toBe(true);
    const rebuilt = JSON.parse(readFileSync(join(dist, 'elasticsearch/roles.json'), 'utf8')) as Record<string, { indices: { query: unknown }[] }>;
    expect(rebuilt.owner_reader!.indices[0]!.query).toEqual({ template: { source: { term: { owner: '{{_user.username}}' } } } });
  }, 120_000);

  it('writes nothing on an error, and with --keep-going leaves out exactly what failed', async () => {
    const dir = inputs({ bad: { cluster: ['monitr'] } });
    const out = join(dir, 'out');
    const stderr = sink();
    expect(await runImport('elasticsearch', [join(dir, 'roles.json')], { out }, sink(), stderr)).toBe(1);
    expect(existsSync(out)).toBe(false);
    expect(stderr.text).toContain('error I0010: role bad: unknown cluster privilege "monitr" (did you mean `monitor`?) (at $.bad.cluster[0])');
    expect(stderr.text).toContain('nothing was written');
    expect(await runImport('elasticsearch', [join(dir, 'roles.json')], { out, keepGoing: true }, sink(), sink())).toBe(1);
    const text = readFileSync(join(out, 'roles.role'), 'utf8');
    expect(text).toContain('role clicks_admin');
    expect(text).not.toContain('role bad');
  });

  it('a single PUT body with --name; stdout without --out; usage errors', async () => {
    const dir = inputs();
    writeFileSync(join(dir, 'one.json'), JSON.stringify(ROLES.clicks_admin));
    const stdout = sink();
    expect(await runImport('elasticsearch', [join(dir, 'one.json')], { name: 'clicks' }, stdout, sink())).toBe(0);
    expect(stdout.text).toContain('// ---- roles.role');
    expect(stdout.text).toContain('role clicks {');
    expect(await runImport('opensearch', [join(dir, 'one.json')], {}, sink(), sink())).toBe(2);
    expect(await runImport('elasticsearch', [join(dir, 'missing.json')], {}, sink(), sink())).toBe(2);
    expect(await runImport('elasticsearch', [], {}, sink(), sink())).toBe(2);
  });
});

describe('rolec build: targets per policy set (rolec.json)', () => {
  it('builds policies/: elasticsearch for es-interop, cedar+rego for the sets that declare so', async () => {
    const out = mkdtempSync(join(tmpdir(), 'rolec-build-'));
    vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    try {
      expect(await runBuild([join(root, 'policies')], out)).toBe(0);
    } finally {
      vi.restoreAllMocks();
    }
    expect(existsSync(join(out, 'es-interop/elasticsearch/roles.json'))).toBe(true);
    expect(existsSync(join(out, 'observability/elasticsearch'))).toBe(false);
    expect(existsSync(join(out, 'observability/cedar/policies.cedar'))).toBe(true);
  }, 300_000);

  it('--target elasticsearch overrides the declaration and fails the build as a whole, naming the rules', async () => {
    const out = mkdtempSync(join(tmpdir(), 'rolec-build-'));
    const err = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      expect(await runBuild([join(root, 'policies/observability')], out, ['elasticsearch'])).toBe(1);
      const text = err.mock.calls.map((c) => String(c[0])).join('');
      expect(text).toMatch(/denies\.role:3:6: error ES001: deny prod_writes_need_mfa/);
      expect(text).toContain('nothing was written');
    } finally {
      vi.restoreAllMocks();
    }
    expect(readdirSync(out)).toEqual([]);
  });

  it('a malformed rolec.json is an error', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rolec-set-'));
    mkdirSync(join(dir, 'set'));
    writeFileSync(join(dir, 'set', 'a.role'), 'role r { cluster monitor }\n');
    writeFileSync(join(dir, 'set', 'rolec.json'), JSON.stringify({ targets: ['cedar', 'cobol'] }));
    const err = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      expect(await runBuild([join(dir, 'set')], join(dir, 'out'))).toBe(1);
      expect(err.mock.calls.map((c) => String(c[0])).join('')).toContain('unknown target cobol');
    } finally {
      vi.restoreAllMocks();
    }
  });
});
