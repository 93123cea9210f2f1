/**
 * The elasticsearch target on small policy sets: every ES0xx error fires on its construct
 * and names the rule; exact shapes of queries and mapping rules for the basic cases.
 */
import { describe, expect, it } from 'vitest';
import { checkSources } from '../../../src/semantics/index.ts';
import { compileElasticsearch } from '../../../src/backends/elasticsearch/compile.ts';
import { ES_TARGET_CODES } from '../../../src/interop/elasticsearch/codes.ts';

const SCHEMA = `schema {
  user { dept: String  level: Long  nick?: String  tags: Set<String> }
  document { dept: String  level: Long  owner?: String  tags: Set<String>  ip: IpAddr }
  context { mfa: Bool }
}
`;

function compile(text: string) {
  const checked = checkSources([{ path: 'schema.role', text: SCHEMA }, { path: 'p.role', text }]);
  if (!checked.ir) throw new Error(checked.diagnostics.map((d) => `${d.code} ${d.message}`).join('\n'));
  return compileElasticsearch(checked.ir);
}

const doc = (cond: string) => `role r {\n  index "i-*" {\n    privileges read\n    documents where ${cond}\n  }\n}\n`;

const ERRORS: [string, string, string][] = [
  ['ES001', 'deny d {\n  cluster monitor\n}\n', 'p.role:1:d'],
  ['ES002', 'role r {\n  where context.mfa\n  cluster monitor\n}\n', 'p.role:1:r'],
  ['ES003', 'role r includes viewer {\n  cluster monitor\n}\n', 'p.role:1:r'],
  ['ES004', 'role r {\n  index "*" except ".*" privileges read\n}\n', 'p.role:2:r'],
  ['ES006', 'role r {\n  cluster monitor\n}\napi_key "k" roles r\n', 'p.role:4:api_key:k'],
  ['ES007', 'role r {\n  cluster monitor\n}\ngroup "g" roles r\n', 'p.role:4:group:g'],
  ['ES008', 'role r {\n  cluster monitor\n}\nmapping m {\n  roles r\n  when principal.realm == "x"\n}\n', 'p.role:4:m'],
  ['ES009', 'role r {\n  cluster monitor\n}\nmapping m {\n  roles r\n  when principal.type == "user" && user.level >= 3\n}\n', 'p.role:4:m'],
  ['ES010', doc('document.dept == user.dept && context.mfa'), 'p.role:2:r'],
  ['ES010', doc('user.tags.containsAll(document.tags)'), 'p.role:2:r'],
  ['ES010', doc('document.owner == user.nick'), 'p.role:2:r'],
  ['ES010', doc('document.ip.isInRange(ip("10.0.0.0/8"))'), 'p.role:2:r'],
  ['ES010', doc('document.tags.isEmpty()'), 'p.role:2:r'],
  ['ES010', doc('user.level > 2'), 'p.role:2:r'],
  ['ES011', 'assign user "u" cloud.viewer on all deployments\n', 'p.role:1:assign:user:u'],
  ['ES012', 'role r {\n  cluster monitor\n}\nmapping m {\n  roles r\n  when principal.type == "user" && principal.id == "a*b"\n}\n', 'p.role:4:m'],
];

describe('elasticsearch target errors', () => {
  it.each(ERRORS)('%s on %j', (code, text, ruleId) => {
    const r = compile(text);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems.map((p) => [p.code, p.ruleId])).toContainEqual([code, ruleId]);
  });
  it('every ES code is exercised', () => {
    expect(new Set(ERRORS.map(([c]) => c))).toEqual(new Set(Object.keys(ES_TARGET_CODES)));
  });
});

describe('elasticsearch target output', () => {
  function only(text: string) {
    const r = compile(text);
    if (!r.ok) throw new Error(r.problems.map((p) => p.message).join('\n'));
    return r.policy;
  }
  it('a user value becomes a template; a literal stays a plain query', () => {
    expect(only(doc('document.owner == principal.id')).roles.r!.indices![0]!.query).toEqual({ template: { source: { term: { owner: '{{_user.username}}' } } } });
    expect(only(doc('document.level <= 3')).roles.r!.indices![0]!.query).toEqual({ range: { level: { lte: 3 } } });
    expect(only(doc('2 < document.level')).roles.r!.indices![0]!.query).toEqual({ range: { level: { gt: 2 } } });
  });
  it('negation over an optional field keeps its exists guard; a positive clause needs none', () => {
    expect(only(doc('!(document.owner == "x")')).roles.r!.indices![0]!.query).toEqual({ bool: { filter: [{ exists: { field: 'owner' } }, { bool: { must_not: [{ term: { owner: 'x' } }] } }] } });
    expect(only(doc('has document.owner && document.owner like "a*"')).roles.r!.indices![0]!.query).toEqual({ prefix: { owner: 'a' } });
  });
  it('mapping rules: except only inside all, presence as a null test', () => {
    const p = only('role r {\n  cluster monitor\n}\nmapping m {\n  roles r\n  when principal.type == "user" && !(user.nick == "x")\n}\nuser "jo" roles r\n');
    expect(p.roleMappings.m!.rules).toEqual({ all: [{ except: { field: { 'metadata.nick': null } } }, { except: { field: { 'metadata.nick': 'x' } } }] });
    expect(p.roleMappings.user_jo).toEqual({ enabled: true, roles: ['r'], rules: { field: { username: 'jo' } }, metadata: {} });
  });
  it('includes of user-defined roles are flattened', () => {
    const p = only('role a {\n  cluster monitor\n}\nrole b includes a {\n  run_as "x"\n}\n');
    expect(p.roles.b).toMatchObject({ cluster: ['monitor'], run_as: ['x'] });
  });
});
