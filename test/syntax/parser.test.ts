/**
 * One test per construct of language.md §1–§6: the AST shape the parser produces
 * (spans stripped; spans are covered in spans.test.ts).
 */
import { describe, expect, it } from 'vitest';
import { parseRoleFile } from '../../src/syntax/index.ts';
import { decls, REFERENCE_EXAMPLE, strip } from './helpers.ts';

const s = (value: string) => ({ kind: 'string', value });
const p = (text: string, quoted = false) => ({ text, quoted });
const n = (text: string) => ({ text });
const path = (...segments: string[]) => ({ kind: 'path', segments: segments.map(n) });

describe('parser: reference example (language.md §1)', () => {
  it('parses without diagnostics into the expected declarations', () => {
    const { ast, diagnostics } = parseRoleFile('policies/observability.role', REFERENCE_EXAMPLE);
    expect(diagnostics).toEqual([]);
    expect(ast.file).toBe('policies/observability.role');
    expect(ast.declarations.map((d) => d.kind)).toEqual([
      'schema', 'role', 'role', 'role', 'role', 'role', 'deny', 'assignment', 'assignment', 'assignment', 'mapping', 'assign', 'assign', 'assign',
    ]);
  });

  it('keeps the deny target and its unless-condition on separate lines', () => {
    const deny = strip(parseRoleFile('f', REFERENCE_EXAMPLE).ast.declarations[6]);
    expect(deny).toEqual({
      kind: 'deny',
      name: n('prod_writes_need_mfa'),
      target: { kind: 'index', patterns: [s('prod-*')], except: [], privileges: [p('write'), p('delete')] },
      condition: { mode: 'unless', cond: path('context', 'mfa') },
    });
  });
});

describe('parser: schema', () => {
  it('parses the three blocks, optional attributes and every type', () => {
    expect(
      decls(`schema {
        user { a: String  b?: Long; c: Bool }
        document { d: IpAddr e: Set<String> }
        context { f?: Set<Long> }
      }`),
    ).toEqual([
      {
        kind: 'schema',
        blocks: [
          {
            scope: 'user',
            attributes: [
              { name: n('a'), optional: false, type: 'String' },
              { name: n('b'), optional: true, type: 'Long' },
              { name: n('c'), optional: false, type: 'Bool' },
            ],
          },
          {
            scope: 'document',
            attributes: [
              { name: n('d'), optional: false, type: 'IpAddr' },
              { name: n('e'), optional: false, type: 'Set<String>' },
            ],
          },
          { scope: 'context', attributes: [{ name: n('f'), optional: true, type: 'Set<Long>' }] },
        ],
      },
    ]);
  });

  it('accepts several schema blocks (split schema) and keywords as attribute names', () => {
    const d = decls('schema { user { index: String } } schema { user { role: String } }');
    expect(d).toHaveLength(2);
    expect(d.map((x) => (x.kind === 'schema' ? x.blocks[0]!.attributes[0]!.name.text : ''))).toEqual(['index', 'role']);
  });
});

describe('parser: roles', () => {
  it('parses includes, description, metadata, where and cluster', () => {
    expect(
      decls(`role r includes a, cloud.viewer {
        description "d \\u00e9\\n"
        metadata { team: "sre", "tier": 2, active: true, neg: -5 }
        where context.mfa
        cluster monitor, manage_security, "manage_ilm"
      }`),
    ).toEqual([
      {
        kind: 'role',
        name: n('r'),
        includes: [n('a'), n('cloud.viewer')],
        clauses: [
          { kind: 'description', text: s('d é\n') },
          {
            kind: 'metadata',
            entries: [
              { key: n('team'), value: s('sre') },
              { key: n('tier'), value: { kind: 'int', value: 2, text: '2' } },
              { key: n('active'), value: { kind: 'bool', value: true } },
              { key: n('neg'), value: { kind: 'int', value: -5, text: '-5' } },
            ],
          },
          { kind: 'where', cond: path('context', 'mfa') },
          { kind: 'cluster', privileges: [p('monitor'), p('manage_security'), p('manage_ilm', true)] },
        ],
      },
    ]);
  });

  it('parses the index block form with except, fields and documents', () => {
    expect(
      decls(`role viewer {
        index "*" except ".*", ".security*" {
          privileges read, view_index_metadata
          fields grant "a", "b.*" except "b.secret"
          documents where document.owner == principal.id
        }
      }`),
    ).toEqual([
      {
        kind: 'role',
        name: n('viewer'),
        includes: [],
        clauses: [
          {
            kind: 'index',
            form: 'block',
            patterns: [s('*')],
            except: [s('.*'), s('.security*')],
            privileges: [p('read'), p('view_index_metadata')],
            fields: { grant: [s('a'), s('b.*')], except: [s('b.secret')] },
            documents: { kind: 'compare', op: '==', left: path('document', 'owner'), right: path('principal', 'id') },
          },
        ],
      },
    ]);
  });

  it('parses the index short form, with keywords as privileges (index, all)', () => {
    expect(decls('role w { index "logs-*" except "logs-x" privileges index, all, create_doc }')).toEqual([
      {
        kind: 'role',
        name: n('w'),
        includes: [],
        clauses: [
          { kind: 'index', form: 'short', patterns: [s('logs-*')], except: [s('logs-x')], privileges: [p('index'), p('all'), p('create_doc')] },
        ],
      },
    ]);
  });

  it('parses run_as and application', () => {
    expect(
      decls(`role support {
        run_as "svc-*", "john"
        application "kibana-.kibana" { resources "space:a", "space:b"; privileges "feature_discover.read", all }
      }`),
    ).toEqual([
      {
        kind: 'role',
        name: n('support'),
        includes: [],
        clauses: [
          { kind: 'run_as', patterns: [s('svc-*'), s('john')] },
          {
            kind: 'application',
            application: s('kibana-.kibana'),
            privileges: [p('feature_discover.read', true), p('all')],
            resources: [s('space:a'), s('space:b')],
          },
        ],
      },
    ]);
  });

  it('accepts an empty role and optional semicolons everywhere', () => {
    expect(decls('role a {} ; role b { cluster monitor; ; index "x" privileges read; };')).toEqual([
      { kind: 'role', name: n('a'), includes: [], clauses: [] },
      {
        kind: 'role',
        name: n('b'),
        includes: [],
        clauses: [
          { kind: 'cluster', privileges: [p('monitor')] },
          { kind: 'index', form: 'short', patterns: [s('x')], except: [], privileges: [p('read')] },
        ],
      },
    ]);
  });

  it('keeps clauses in source order, whatever the order', () => {
    const [r] = decls('role r { index "b" privileges read cluster all run_as "u" cluster monitor }');
    expect(r?.kind === 'role' && r.clauses.map((c) => c.kind)).toEqual(['index', 'cluster', 'run_as', 'cluster']);
  });
});

describe('parser: denies', () => {
  it('parses every target kind', () => {
    const d = decls(`
      deny a { index "p-*" except "p-ok" privileges write }
      deny b { cluster manage when !context.mfa }
      deny c { run_as "root" }
      deny d { application "app" { privileges "x"; resources "*" } }
      deny e { cloud delete_deployment on deployment "prod-eu", "prod-us" }
      deny f { cloud manage_billing }
    `);
    expect(d.map((x) => x.kind === 'deny' && x.target)).toEqual([
      { kind: 'index', patterns: [s('p-*')], except: [s('p-ok')], privileges: [p('write')] },
      { kind: 'cluster', privileges: [p('manage')] },
      { kind: 'run_as', patterns: [s('root')] },
      { kind: 'application', application: s('app'), privileges: [p('x', true)], resources: [s('*')] },
      { kind: 'cloud', privileges: [p('delete_deployment')], deployments: [s('prod-eu'), s('prod-us')] },
      { kind: 'cloud', privileges: [p('manage_billing')] },
    ]);
    expect(d[1]).toMatchObject({ condition: { mode: 'when', cond: { kind: 'not', arg: path('context', 'mfa') } } });
    expect(d[0]).not.toHaveProperty('condition');
  });

  it('parses `for role R` and `for user "x"` in the header', () => {
    const d = decls('deny a for role cloud.viewer { cluster all } deny b for user "bob" { cluster all unless context.mfa }');
    expect(d[0]).toMatchObject({ name: n('a'), forRole: n('cloud.viewer') });
    expect(d[0]).not.toHaveProperty('forUser');
    expect(d[1]).toMatchObject({ name: n('b'), forUser: s('bob'), condition: { mode: 'unless' } });
  });
});

describe('parser: principals and assignments', () => {
  it('parses user, api_key and group role assignments', () => {
    expect(decls('user "jane" roles a, b api_key "ci" roles c group "cn=x,dc=y" roles cloud.admin')).toEqual([
      { kind: 'assignment', holder: 'user', id: s('jane'), roles: [n('a'), n('b')] },
      { kind: 'assignment', holder: 'api_key', id: s('ci'), roles: [n('c')] },
      { kind: 'assignment', holder: 'group', id: s('cn=x,dc=y'), roles: [n('cloud.admin')] },
    ]);
  });

  it('parses a mapping (clauses in any order, when optional)', () => {
    expect(decls('mapping m { when principal.realm == "ldap1"; roles superuser, viewer } mapping n { roles x }')).toEqual([
      {
        kind: 'mapping',
        name: n('m'),
        roles: [n('superuser'), n('viewer')],
        when: { kind: 'compare', op: '==', left: path('principal', 'realm'), right: s('ldap1') },
      },
      { kind: 'mapping', name: n('n'), roles: [n('x')] },
    ]);
  });

  it('parses cloud assignments on every scope', () => {
    expect(
      decls(`assign user "jane" cloud.admin on deployment "prod-eu", "prod-us"
             assign user "fin@acme.io" cloud.billing_admin on organization
             assign api_key "tf" cloud.editor on all deployments`),
    ).toEqual([
      { kind: 'assign', principalType: 'user', id: s('jane'), role: n('cloud.admin'), scope: { kind: 'deployments', names: [s('prod-eu'), s('prod-us')] } },
      { kind: 'assign', principalType: 'user', id: s('fin@acme.io'), role: n('cloud.billing_admin'), scope: { kind: 'organization' } },
      { kind: 'assign', principalType: 'api_key', id: s('tf'), role: n('cloud.editor'), scope: { kind: 'all_deployments' } },
    ]);
  });
});

describe('parser: lexical details', () => {
  it('skips // and /* */ comments anywhere, including multi-line ones', () => {
    expect(decls('/* a\n * b */ role /* x */ r { // c\n cluster /* y */ monitor }')).toEqual([
      { kind: 'role', name: n('r'), includes: [], clauses: [{ kind: 'cluster', privileges: [p('monitor')] }] },
    ]);
  });

  it('decodes every JSON escape', () => {
    const [r] = decls('role r { description "\\" \\\\ \\/ \\b \\f \\n \\r \\t \\u0041\\ud83d\\ude00" }');
    expect(r?.kind === 'role' && r.clauses[0]).toEqual({ kind: 'description', text: s('" \\ / \b \f \n \r \t A😀') });
  });

  it('keeps integers exact up to ±(2^53−1) with their text', () => {
    const [r] = decls('role r { metadata { a: 9007199254740991, b: -9007199254740991, c: 007, d: -0 } }');
    expect(r?.kind === 'role' && r.clauses[0]?.kind === 'metadata' && r.clauses[0].entries.map((e) => e.value)).toEqual([
      { kind: 'int', value: 9007199254740991, text: '9007199254740991' },
      { kind: 'int', value: -9007199254740991, text: '-9007199254740991' },
      { kind: 'int', value: 7, text: '007' },
      { kind: 'int', value: 0, text: '-0' },
    ]);
    const d = parseRoleFile('t', 'role r { metadata { d: -0 } }').ast.declarations[0];
    expect(d?.kind === 'role' && d.clauses[0]?.kind === 'metadata' && Object.is(d.clauses[0].entries[0]!.value.value, 0)).toBe(true);
  });

  it('accepts CRLF and CR line endings and a byte-order mark', () => {
    expect(decls('\uFEFFrole a {\r\n cluster monitor\r}\r\n')).toHaveLength(1);
  });

  it('returns an empty file for empty or comment-only input', () => {
    expect(decls('')).toEqual([]);
    expect(decls('  // nothing\n/* here */\n')).toEqual([]);
  });
});
