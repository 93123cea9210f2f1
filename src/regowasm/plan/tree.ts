/**
 * The rule tree: every rule of every module placed at its document path under `data`
 * (package path + head path). Modules that share a package merge here. A node holds the
 * rules that define exactly its document; children are deeper documents. Base documents
 * (from setData) are not known at compile time — the planner merges them at run time.
 */
import type { RegoModule, Rule, RuleKind, Term } from '../syntax/ast.ts';
import type { PlanDiagnostic } from './diagnostics.ts';
import { diag } from './diagnostics.ts';

export interface RuleRef {
  rule: Rule;
  module: RegoModule;
}

export type NodeKind = RuleKind | 'general';

/** The dynamic part of a general rule's head ref (after its constant prefix). */
export function generalSuffix(rule: Rule): Term[] {
  return rule.head.ref.path.slice(rule.head.path.length - 1);
}

export interface TreeNode {
  /** Data path, without the leading `data`. */
  path: string[];
  children: Map<string, TreeNode>;
  rules: RuleRef[];
  /** 'general' nodes only: rules of different depths or leaf kinds (`p[x].y := 1`,
   *  `p[x][y].z := 2`, `p[x] contains e`), whose values the planner merges instead of
   *  inserting in place. */
  mixedShapes?: boolean;
  /** 'general': rules with a variable before the last position of their head ref
   *  (`p[x].y := v`, `p[x] contains y`), all of one shape (same depth, same leaf kind). */
  kind?: NodeKind;
  /** True when this node or a descendant has rules or is a package (a virtual document
   *  lives here). */
  virtual: boolean;
  /** A module declares this package: its document exists (as OPA: `{}` plus base data at
   *  the path) even when the package has no rules. */
  package?: boolean;
}

function newNode(path: string[]): TreeNode {
  return { path, children: new Map(), rules: [], virtual: false };
}

export function child(node: TreeNode, key: string): TreeNode {
  let c = node.children.get(key);
  if (!c) {
    c = newNode([...node.path, key]);
    node.children.set(key, c);
  }
  return c;
}

export function lookup(root: TreeNode, path: readonly string[]): TreeNode | undefined {
  let n: TreeNode | undefined = root;
  for (const k of path) {
    n = n.children.get(k);
    if (!n) return undefined;
  }
  return n;
}

export function buildTree(modules: RegoModule[]): { root: TreeNode; diagnostics: PlanDiagnostic[] } {
  const root = newNode([]);
  const diagnostics: PlanDiagnostic[] = [];
  for (const module of modules) {
    let pkg = root;
    for (const seg of module.package.path) pkg = child(pkg, seg);
    pkg.package = true;
    for (const rule of module.rules) {
      if (rule.default && rule.head.value && !ground(rule.head.value)) {
        diagnostics.push(diag(rule.head.value.loc, 'RG207', 'default rule value must be a constant (no variables, references or calls outside comprehensions)'));
        continue;
      }
      let node = pkg;
      for (const seg of rule.head.path) node = child(node, seg);
      const kind: NodeKind = rule.head.general ? 'general' : rule.head.ruleKind;
      if (kind === 'general' && node.kind === 'general') {
        const first = node.rules[0]!.rule;
        if (generalSuffix(first).length !== generalSuffix(rule).length || first.head.ruleKind !== rule.head.ruleKind) {
          node.mixedShapes = true; // different depths or leaf kinds: values merged (planner)
        }
      }
      // `p[x] := v` next to `p[x].y := w`: both define p's dynamic extent; planned as
      // general rules of mixed shapes (single values merged), as OPA merges them
      const objectAndGeneral = (kind === 'general' && node.kind === 'partialObject') || (kind === 'partialObject' && node.kind === 'general');
      if (objectAndGeneral) {
        node.kind = 'general';
        node.mixedShapes = true;
        node.rules.push({ rule, module });
        continue;
      }
      if (node.kind !== undefined && node.kind !== kind) {
        diagnostics.push(diag(rule.head.loc, 'RG204', `conflicting rules: data.${node.path.join('.')} is defined as a ${describe(node.kind)} and as a ${describe(kind)}`));
        continue;
      }
      node.kind = kind;
      node.rules.push({ rule, module });
    }
  }
  markVirtual(root, diagnostics);
  return { root, diagnostics };
}

/** A constant term as OPA requires of defaults: scalars, comprehensions (closed over their
 *  own vars), and collections of those. */
function ground(t: Term): boolean {
  switch (t.kind) {
    case 'null': case 'boolean': case 'number': case 'string':
    case 'arrayCompr': case 'setCompr': case 'objectCompr':
      return true;
    case 'array': case 'set':
      return t.items.every(ground);
    case 'object':
      return t.entries.every((e) => ground(e.key) && ground(e.value));
    default:
      return false;
  }
}

function describe(kind: NodeKind): string {
  switch (kind) {
    case 'general': return 'rule with variables in its head reference';
    case 'complete': return 'complete rule';
    case 'partialSet': return 'partial set rule';
    case 'partialObject': return 'partial object rule';
    case 'function': return 'function';
  }
}

function markVirtual(node: TreeNode, diagnostics: PlanDiagnostic[]): boolean {
  let v = node.rules.length > 0 || node.package === true;
  for (const c of node.children.values()) if (markVirtual(c, diagnostics)) v = true;
  node.virtual = v;
  // Rules inside the dynamic extent of a partial object / a rule with variables in its head
  // ref are allowed (conflicts are found at evaluation, as in OPA); inside complete rules and
  // partial sets they are compile-time conflicts.
  if (node.rules.length > 0 && node.kind !== 'partialObject' && node.kind !== 'general') {
    for (const c of node.children.values()) {
      if (c.virtual) {
        const r = firstRule(c);
        diagnostics.push(diag(r ? r.rule.head.loc : node.rules[0]!.rule.head.loc, 'RG204',
          `conflicting rules: data.${c.path.join('.')} is inside the ${describe(node.kind!)} data.${node.path.join('.')}`));
      }
    }
  }
  const defaults = node.rules.filter((r) => r.rule.default);
  if (defaults.length > 1) {
    diagnostics.push(diag(defaults[1]!.rule.loc, 'RG204', `multiple default rules data.${node.path.join('.')} found`));
  }
  return v;
}

function firstRule(node: TreeNode): RuleRef | undefined {
  if (node.rules.length > 0) return node.rules[0];
  for (const c of node.children.values()) {
    const r = firstRule(c);
    if (r) return r;
  }
  return undefined;
}
