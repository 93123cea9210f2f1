/**
 * Deny rules as data (`data.rolec.denies`), indexed by request kind and action, so a
 * request visits only the denies that could fire on it: `cluster[action]`,
 * `cloud[action]` list deny ids (the action ranges over the deny's precomputed
 * `overlapping` privileges); `index[action][prefix]` further by the literal prefix of each
 * name pattern, so an index request looks up the prefixes of its index name (one lookup
 * per character, whatever the number of denies); run_as and application denies are short lists,
 * and `entries[id]` holds each deny's patterns, scope and condition key. A deny's
 * condition is a shared condition (`deny_conditions_fire`, policy.rego) lowered through
 * denyFires; the fixed rules that read this table are in decision.rego.
 */
import type { DenyIR, PolicySetIR } from '../../semantics/ir.ts';
import { denyFires } from '../../semantics/kleene.ts';
import { condText } from './describe.ts';
import { ConditionTable } from './shared-conditions.ts';
import { globPattern, str } from './text.ts';

export interface DenyData {
  id: string;
  /** index: name patterns and exceptions. */
  names?: string[];
  except?: string[];
  /** run_as: user patterns. */
  users?: string[];
  /** application: patterns. */
  application?: string;
  privileges?: string[];
  resources?: string[];
  /** cloud: deployment patterns (deployment requests only); absent = every deployment. */
  deployments?: string[];
  /** Key in `deny_conditions_fire`; absent = fires unconditionally. */
  condition?: string;
  /** `for role R`: R must be active. */
  role?: string;
  /** `for user "U"`: the principal must be user U. */
  user?: string;
}

export interface DeniesData {
  entries: Record<string, DenyData>;
  /** action → literal prefix of a name pattern (up to its first `*`) → deny ids. */
  index: Record<string, Record<string, string[]>>;
  cluster: Record<string, string[]>;
  cloud: Record<string, string[]>;
  run_as: string[];
  application: string[];
}

export interface DenyTables {
  denies: DeniesData;
  conditions: ConditionTable;
}

const globs = (ps: readonly string[]) => ps.map(globPattern);

export function denyTables(ir: PolicySetIR): DenyTables {
  const denies: DeniesData = { entries: {}, index: {}, cluster: {}, cloud: {}, run_as: [], application: [] };
  const conditions = new ConditionTable('c', 'deny_conditions_fire');
  for (const d of ir.denies) {
    const entry: DenyData = { id: d.id };
    const t = d.target;
    switch (t.kind) {
      case 'index':
        entry.names = globs(t.names.patterns);
        entry.except = globs(t.names.except);
        for (const action of overlapping(ir, d, 'index', t.privileges)) {
          const byPrefix = (denies.index[action] ??= {});
          for (const prefix of new Set(t.names.patterns.map(literalPrefix))) (byPrefix[prefix] ??= []).push(d.id);
        }
        break;
      case 'cluster':
        file(denies.cluster, overlapping(ir, d, 'cluster', t.privileges), d.id);
        break;
      case 'cloud':
        if (t.deployments) entry.deployments = globs(t.deployments);
        file(denies.cloud, overlapping(ir, d, 'cloud', t.privileges), d.id);
        break;
      case 'run_as':
        entry.users = globs(t.users);
        denies.run_as.push(d.id);
        break;
      case 'application':
        entry.application = globPattern(t.application);
        entry.privileges = globs(t.privileges);
        entry.resources = globs(t.resources);
        denies.application.push(d.id);
        break;
    }
    const fires = denyFires(d.condition);
    if (!(fires.kind === 'const' && fires.value)) {
      const text = d.condition ? `${d.condition.mode} ${condText(d.condition.cond)}` : 'never';
      entry.condition = conditions.add(fires, `deny ${text} (fires unless the condition is definitely ${d.condition?.mode === 'when' ? 'false' : 'true'})`, {
        id: d.id,
        where: `${d.loc.file}:${d.loc.line}:${d.loc.col} deny ${d.name}: ${targetText(d)}`,
      });
    }
    if (d.forRole !== undefined) entry.role = d.forRole;
    if (d.forUser !== undefined) entry.user = d.forUser;
    denies.entries[d.id] = entry;
  }
  for (const list of [denies.run_as, denies.application]) list.sort();
  for (const byAction of [denies.cluster, denies.cloud, ...Object.values(denies.index)]) for (const ids of Object.values(byAction)) ids.sort();
  return { denies, conditions };
}

/** What every name a pattern matches starts with: the pattern up to its first `*` (the
 *  only wildcard; the whole pattern when it has none). */
export function literalPrefix(pattern: string): string {
  const star = pattern.indexOf('*');
  return star < 0 ? pattern : pattern.slice(0, star);
}

function file(byAction: Record<string, string[]>, actions: readonly string[], id: string): void {
  for (const a of new Set(actions)) (byAction[a] ??= []).push(id);
}

/** The IR's precomputed `overlapping`, or (if absent) { p | q listed, q ⇒ p ∨ p ⇒ q }. */
function overlapping(ir: PolicySetIR, d: DenyIR, family: 'cluster' | 'index' | 'cloud', listed: string[]): string[] {
  if (d.overlapping) return [...d.overlapping].sort();
  const out = new Set<string>();
  for (const p of ir.catalog[family]) {
    for (const q of listed) {
      const qEntry = ir.catalog[family].find((c) => c.name === q);
      if (qEntry?.implies.includes(p.name) || p.implies.includes(q)) out.add(p.name);
    }
  }
  return [...out].sort();
}

/** The deny's target and scope in DSL terms, for comments. */
export function targetText(d: DenyIR): string {
  const t = d.target;
  const q = (xs: readonly string[]) => xs.map(str).join(', ');
  let text: string;
  switch (t.kind) {
    case 'index':
      text = `index ${q(t.names.patterns)}${t.names.except.length ? ` except ${q(t.names.except)}` : ''} privileges ${t.privileges.join(', ')}`;
      break;
    case 'cluster':
      text = `cluster ${t.privileges.join(', ')}`;
      break;
    case 'run_as':
      text = `run_as ${q(t.users)}`;
      break;
    case 'application':
      text = `application ${str(t.application)} privileges ${q(t.privileges)} resources ${q(t.resources)}`;
      break;
    case 'cloud':
      text = `cloud ${t.privileges.join(', ')}${t.deployments ? ` on deployments ${q(t.deployments)}` : ''}`;
      break;
  }
  if (d.forRole !== undefined) text += ` for role ${d.forRole}`;
  if (d.forUser !== undefined) text += ` for user ${str(d.forUser)}`;
  return text;
}
