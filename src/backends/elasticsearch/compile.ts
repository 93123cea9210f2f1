/**
 * Policy-set IR → Elasticsearch role descriptors and role mappings (pure; no I/O).
 *
 * Roles: every user-defined role becomes one descriptor; `includes` of user-defined roles
 * is flattened (a descriptor cannot include another). Static `user` assignments and
 * `mapping`s become role mappings. What Elasticsearch cannot express is a problem naming
 * the DSL rule (ES0xx, see codes.ts) — never silently dropped.
 */
import type { PermissionIR, PolicySetIR, RoleIR, SourceLoc } from '../../semantics/ir.ts';
import { documentQuery } from './dls.ts';
import { exactValue, mappingRule } from './mapping-rules.ts';
import type { ApplicationPrivileges, IndicesPrivileges, RoleDescriptor, RoleMapping, RoleMappingRule } from './types.ts';
import { appendAll } from '../../support/arrays.ts';

export interface EsProblem {
  code: string;
  ruleId: string;
  loc: SourceLoc;
  message: string;
}

export interface EsPolicy {
  roles: Record<string, RoleDescriptor>;
  roleMappings: Record<string, RoleMapping>;
}

export type EsCompileResult = { ok: true; policy: EsPolicy } | { ok: false; problems: EsProblem[] };

export function compileElasticsearch(ir: PolicySetIR): EsCompileResult {
  const problems: EsProblem[] = [];
  const byName = new Map(ir.roles.map((r) => [r.name, r]));
  const roles: Record<string, RoleDescriptor> = {};
  for (const role of ir.roles) {
    if (role.builtin) continue;
    const d = descriptor(role, byName, problems);
    if (d) roles[role.name] = d;
  }
  const roleMappings: Record<string, RoleMapping> = {};
  const names = new Set<string>();
  for (const a of ir.assignments) {
    const report = (code: string, message: string) => problems.push({ code, ruleId: a.id, loc: a.loc, message });
    let name: string;
    let rules: RoleMappingRule;
    switch (a.holder.kind) {
      case 'principal': {
        if (a.holder.principalType === 'api_key') {
          report('ES006', `api_key "${a.holder.principalId}": Elasticsearch API keys carry their own role descriptors; role mappings never apply to them`);
          continue;
        }
        const exact = exactValue('username', a.holder.principalId);
        if (!exact.ok) {
          report('ES012', `user assignment: ${exact.reason}`);
          continue;
        }
        name = `user_${a.holder.principalId.replace(/[^A-Za-z0-9_]/g, '_')}`;
        rules = exact.rule;
        break;
      }
      case 'group':
        report('ES007', `group "${a.holder.group}" also gives its roles to API keys that carry the group, and Elasticsearch role mappings apply to users only; write \`mapping … { when principal.type == "user" && "${a.holder.group}" in principal.groups }\``);
        continue;
      case 'mapping': {
        const r = mappingRule(a.holder.when);
        if (!r.ok) {
          report(r.code, `mapping ${ruleName(a.id)}: ${r.reasons.join('; ')}`);
          continue;
        }
        name = ruleName(a.id);
        rules = r.rule;
        break;
      }
    }
    let unique = name;
    for (let i = 2; names.has(unique); i++) unique = `${name}_${i}`;
    names.add(unique);
    roleMappings[unique] = { enabled: true, roles: [...a.roles], rules, metadata: {} };
  }
  for (const d of ir.denies) problems.push({ code: 'ES001', ruleId: d.id, loc: d.loc, message: `deny ${d.name}: Elasticsearch privileges only grant; there is no deny to emit` });
  for (const c of ir.cloudAssignments)
    problems.push({ code: 'ES011', ruleId: c.id, loc: c.loc, message: `assign ${c.principalType} "${c.principalId}" ${c.role}: Elastic Cloud organization roles are not Elasticsearch roles` });
  return problems.length > 0 ? { ok: false, problems } : { ok: true, policy: { roles, roleMappings } };
}

/** The DSL name in a rule id `<file>:<line>:<rule>`. */
function ruleName(id: string): string {
  return id.split(':').slice(2).join(':');
}

function descriptor(role: RoleIR, byName: Map<string, RoleIR>, problems: EsProblem[]): RoleDescriptor | undefined {
  const start = problems.length;
  const report = (code: string, message: string, at: { id: string; loc: SourceLoc } = role) => problems.push({ code, ruleId: at.id, loc: at.loc, message });
  if (role.where) report('ES002', `role ${role.name}: a role-level \`where\` guards the whole role, and a role descriptor has no guard`);
  const permissions: PermissionIR[] = [];
  const seen = new Set<string>();
  const visit = (r: RoleIR) => {
    if (seen.has(r.name)) return;
    seen.add(r.name);
    appendAll(permissions, r.permissions);
    for (const inc of r.includes) {
      const included = byName.get(inc)!;
      if (included.builtin) report('ES003', `role ${role.name} includes the built-in role ${inc}; an Elasticsearch role cannot include another role (assign ${inc} alongside it instead)`);
      else visit(included);
    }
  };
  visit(role);
  const cluster = new Set<string>();
  const runAs = new Set<string>();
  const indices: IndicesPrivileges[] = [];
  const applications: ApplicationPrivileges[] = [];
  for (const p of permissions) {
    const pattern = esPattern;
    switch (p.kind) {
      case 'cluster':
        for (const x of p.privileges) cluster.add(x);
        break;
      case 'run_as':
        for (const u of p.users) runAs.add(pattern(u));
        break;
      case 'application':
        applications.push({ application: pattern(p.application), privileges: p.privileges.map(pattern), resources: p.resources.map(pattern) });
        break;
      case 'index': {
        if (p.names.except.length > 0)
          report('ES004', `role ${role.name}: index ${p.names.patterns.join(', ')} except ${p.names.except.join(', ')}: Elasticsearch index patterns have no exclusion (only a Lucene regular expression could say it)`, p);
        const entry: IndicesPrivileges = { names: p.names.patterns.map(pattern), privileges: [...p.privileges] };
        if (p.fields) entry.field_security = { grant: p.fields.grant.map(pattern), ...(p.fields.except.length > 0 ? { except: p.fields.except.map(pattern) } : {}) };
        if (p.documents) {
          const q = documentQuery(p.documents);
          if (!q.ok) report('ES010', `role ${role.name}: documents where …: ${q.reasons.join('; ')}`, p);
          else entry.query = q.templated ? { template: { source: q.query } } : q.query;
        }
        indices.push(entry);
        break;
      }
    }
  }
  if (problems.length > start) return undefined;
  const d: RoleDescriptor = {
    cluster: [...cluster].sort(),
    indices,
    applications,
    run_as: [...runAs].sort(),
    metadata: { ...role.metadata },
  };
  if (role.description !== undefined) d.description = role.description;
  return d;
}

/** A rolec pattern (only `*` special) in Elasticsearch wildcard syntax: `\` escaped. (The
 *  front end already rejects `?` and `/…/`, which Elasticsearch would read as wildcards.) */
function esPattern(p: string): string {
  return p.replace(/\\/g, '\\\\');
}
