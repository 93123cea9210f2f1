/**
 * The `elasticsearch` build target: `elasticsearch/roles.json` (name → `PUT
 * /_security/role` body), `roles.yml` (the same, file-based roles), `role_mappings.json`
 * (name → `PUT /_security/role_mapping` body) and `role_mapping.yml` (the file-based
 * mapping of role → group DNs, for the mappings that are plain group lists).
 * Deterministic: keys sorted, lists in IR order.
 */
import { stringify } from 'yaml';
import type { Target } from '../target.ts';
import { sortKeys, stableJson } from '../json.ts';
import { compileElasticsearch, type EsPolicy } from './compile.ts';
import type { RoleMappingRule } from './types.ts';

export const elasticsearchTarget: Target = {
  name: 'elasticsearch',
  async build(ir) {
    const result = compileElasticsearch(ir);
    if (!result.ok) return { ok: false, problems: result.problems.map((p) => ({ ...p, target: 'elasticsearch' })) };
    return { ok: true, output: { files: elasticsearchFiles(result.policy), entrypoints: ['elasticsearch/roles.json', 'elasticsearch/role_mappings.json'] } };
  },
};

export function elasticsearchFiles(policy: EsPolicy): Record<string, string> {
  return {
    'elasticsearch/roles.json': stableJson(policy.roles),
    'elasticsearch/roles.yml': yaml(policy.roles),
    'elasticsearch/role_mappings.json': stableJson(policy.roleMappings),
    'elasticsearch/role_mapping.yml': yaml(groupFile(policy)),
  };
}

function yaml(value: unknown): string {
  return stringify(sortKeys(value), { lineWidth: 0, aliasDuplicateObjects: false });
}

/** role → group DNs, from the enabled mappings whose rule is only a list of groups. */
function groupFile(policy: EsPolicy): Record<string, string[]> {
  const out: Record<string, Set<string>> = {};
  for (const m of Object.values(policy.roleMappings)) {
    const groups = groupsOnly(m.rules);
    if (!groups) continue;
    for (const r of m.roles ?? []) for (const g of groups) (out[r] ??= new Set()).add(g);
  }
  return Object.fromEntries(Object.entries(out).map(([r, gs]) => [r, [...gs].sort()]));
}

function groupsOnly(rule: RoleMappingRule | undefined): string[] | undefined {
  if (!rule) return undefined;
  if (rule.field) {
    const keys = Object.keys(rule.field);
    const v = rule.field.groups;
    if (keys.length !== 1 || v === undefined) return undefined;
    const vs = Array.isArray(v) ? v : [v];
    return vs.every((x) => typeof x === 'string') ? (vs as string[]) : undefined;
  }
  if (rule.any) {
    const parts = rule.any.map(groupsOnly);
    return parts.every((p) => p) ? parts.flat() as string[] : undefined;
  }
  return undefined;
}
