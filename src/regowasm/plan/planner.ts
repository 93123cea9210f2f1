/**
 * Policy planner: Rego modules + entrypoints → planner IR Policy (./ir.ts).
 *
 * One memoised Func per document node that holds rules (its value: a complete rule's value,
 * a partial set / object) or that lies above rule nodes (the object merging the base
 * document at that path with the rule documents below it), one Func per user function,
 * one Plan per entrypoint. Funcs are planned from a worklist (entrypoints' dependencies
 * first), then every remaining rule is planned too so that errors in any module are
 * reported, as OPA's compiler does.
 */
import type { Loc, RegoModule, Rule, Term } from '../syntax/ast.ts';
import { BodyPlanner } from './body.ts';
import type { PlanServices } from './body.ts';
import { dataRef } from './refs.ts';
import { checkRule } from '../check/checker.ts';
import { DATA, INPUT, Scope } from './scope.ts';
import { dynamicMocks, variantOverrides } from './variant.ts';
import type { Variant } from './variant.ts';
import { mockableArity, plannedBuiltinArity, vmBuiltinArity } from './builtins.ts';
import { PlanError, diag, fail } from './diagnostics.ts';
import type { PlanDiagnostic } from './diagnostics.ts';
import { Frame, StringTable } from './emitter.ts';
import { DEFAULT_MESSAGES } from './ir.ts';
import type { Block, Func, Local, Operand, Plan, Policy, Statement } from './ir.ts';
import { Resolver, moduleScope } from './resolve.ts';
import type { ModuleScope } from './resolve.ts';
import { buildTree, generalSuffix, lookup } from './tree.ts';
import type { RuleRef, TreeNode } from './tree.ts';
import { patternVars } from './resolve.ts';

export interface PlanResult {
  /** Present iff there are no diagnostics. */
  policy?: Policy;
  diagnostics: PlanDiagnostic[];
}

const GENERAL_CONFLICT = 'eval_conflict_error: object keys must be unique';
const FN_CONFLICT = 'eval_conflict_error: functions must not produce multiple outputs for same inputs';

export interface PlanOptions {
  /** OPA's compile-time type check of builtin calls (check/checker.ts); default on. */
  typeCheck?: boolean;
}

export function planPolicy(modules: RegoModule[], entrypoints: string[], options: PlanOptions = {}): PlanResult {
  const { root, diagnostics } = buildTree(modules);
  const planner = new Planner(root, modules, diagnostics, options.typeCheck !== false);
  if (diagnostics.length === 0) planner.run(entrypoints);
  if (diagnostics.length > 0) return { diagnostics: dedupe(diagnostics) };
  return { policy: planner.policy(), diagnostics: [] };
}

function dedupe(ds: PlanDiagnostic[]): PlanDiagnostic[] {
  const seen = new Set<string>();
  return ds.filter((d) => {
    const k = `${d.file}:${d.line}:${d.col}:${d.code}:${d.message}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

type Work = { node: TreeNode; index: number; fn: boolean; variant: Variant };

class Planner implements PlanServices {
  readonly strings = new StringTable();
  private readonly funcs: (Func | undefined)[] = [];
  /** Func index per (variant, node): '' the memoised documents, others used under `with`
   *  (see body.ts Variant). */
  private readonly nodeIndex = new Map<Variant, Map<TreeNode, number>>();
  private readonly fnIndex = new Map<Variant, Map<TreeNode, number>>();
  /** The variant of the func being planned. */
  private variant: Variant = '';
  private readonly queue: Work[] = [];
  private walkIndex: number | undefined;
  private mergeIndex: number | undefined;
  private readonly pending: { func: number; d: PlanDiagnostic }[] = [];
  private readonly plans: Plan[] = [];
  private readonly edges = new Map<number, Set<number>>();
  private readonly nodeOf: TreeNode[] = [];
  private current = -1;
  private readonly scopes = new Map<RegoModule, { scope: ModuleScope; resolver: Resolver }>();

  constructor(readonly root: TreeNode, modules: RegoModule[], private readonly diagnostics: PlanDiagnostic[], private readonly typeCheck = true) {
    for (const m of modules) {
      try {
        const scope = moduleScope(m, root);
        this.scopes.set(m, { scope, resolver: new Resolver(scope) });
      } catch (e) {
        this.catch(e);
      }
    }
  }

  private catch(e: unknown): void {
    if (e instanceof PlanError) this.diagnostics.push(e.diagnostic);
    else throw e;
  }

  run(entrypoints: string[]): void {
    for (const ep of entrypoints) this.entrypoint(ep);
    this.drain();
    // Plan every other rule so errors anywhere are reported (OPA compiles all modules).
    this.visitAll(this.root);
    this.drain();
    this.checkRecursion();
    this.reportReachableUnsupported();
  }

  unsupported(at: Loc, message: string): void {
    if (this.current < 0) fail(at, 'RG201', message);
    this.pending.push({ func: this.current, d: diag(at, 'RG201', message) });
  }

  /** Pending RG201s (unmocked builtins the VM lacks) in funcs the entrypoints reach. */
  private reportReachableUnsupported(): void {
    if (this.pending.length === 0) return;
    const reached = new Set<number>();
    const visit = (i: number): void => {
      if (reached.has(i)) return;
      reached.add(i);
      for (const j of this.edges.get(i) ?? []) visit(j);
    };
    const scan = (b: Block): void => {
      for (const s of b) {
        if (s.op === 'Call' && 'func' in s.target) visit(s.target.func);
        else if (s.op === 'Block') s.blocks.forEach(scan);
        else if (s.op === 'Scan' || s.op === 'Not') scan(s.block);
      }
    };
    for (const p of this.plans) p.blocks.forEach(scan);
    for (const { func, d } of this.pending) if (reached.has(func)) this.diagnostics.push(d);
  }

  policy(): Policy {
    return { strings: this.strings.strings, funcs: this.funcs as Func[], plans: this.plans };
  }

  private visitAll(node: TreeNode): void {
    if (node.rules.length > 0) {
      if (node.kind === 'function') this.functionFunc(node, node.rules[0]!.rule.loc, '');
      else this.nodeFunc(node, node.rules[0]!.rule.loc, '');
    }
    for (const c of node.children.values()) this.visitAll(c);
  }

  private drain(): void {
    while (this.queue.length > 0) {
      const w = this.queue.shift()!;
      this.current = w.index;
      this.variant = w.variant;
      this.funcs[w.index] = w.fn ? this.planFunction(w.node) : this.planNode(w.node);
    }
    this.current = -1;
    this.variant = '';
  }

  // ── PlanServices ────────────────────────────────────────────────────────────────────

  nodeFunc(node: TreeNode, _at: Loc, variant: Variant): number {
    return this.index(node, this.nodeIndex, false, variant);
  }

  functionFunc(node: TreeNode, _at: Loc, variant: Variant): number {
    return this.index(node, this.fnIndex, true, variant);
  }

  private index(node: TreeNode, maps: Map<Variant, Map<TreeNode, number>>, fn: boolean, variant: Variant): number {
    let map = maps.get(variant);
    if (!map) maps.set(variant, (map = new Map()));
    let i = map.get(node);
    if (i === undefined) {
      i = this.funcs.length;
      this.funcs.push(undefined);
      this.nodeOf.push(node);
      map.set(node, i);
      this.queue.push({ node, index: i, fn, variant });
    }
    if (this.current >= 0) {
      let s = this.edges.get(this.current);
      if (!s) this.edges.set(this.current, (s = new Set()));
      s.add(i);
    }
    return i;
  }

  arity(name: string): number | undefined {
    if (name.startsWith('data.')) {
      const node = lookup(this.root, name.slice(5).split('.'));
      return node?.kind === 'function' ? node.rules[0]!.rule.head.args!.length : undefined;
    }
    return vmBuiltinArity(name) ?? plannedBuiltinArity(name) ?? mockableArity(name);
  }

  /** The Func computing `walk(x)` as an array of [path, value] pairs in OPA's order (the
   *  node itself, then its children depth first): params (path so far, value). Built
   *  once, on first use; it calls itself, which is not Rego recursion (no RG205 edge). */
  walkFunc(): number {
    if (this.walkIndex !== undefined) return this.walkIndex;
    const i = (this.walkIndex = this.funcs.length);
    this.nodeOf.push(this.root);
    const f = new Frame(2);
    const [path, value] = [0, 1];
    const r = f.local();
    const pair = f.local();
    f.emit({ op: 'MakeArray', capacity: 0, target: r });
    f.emit({ op: 'MakeArray', capacity: 2, target: pair });
    f.emit({ op: 'ArrayAppend', value: { local: path }, array: pair });
    f.emit({ op: 'ArrayAppend', value: { local: value }, array: pair });
    f.emit({ op: 'ArrayAppend', value: { local: pair }, array: r });
    const [k, v, key, sub, below, ek, e] = [f.local(), f.local(), f.local(), f.local(), f.local(), f.local(), f.local()];
    const each: Block = [
      { op: 'MakeArray', capacity: 1, target: key },
      { op: 'ArrayAppend', value: { local: k }, array: key },
      { op: 'Call', target: { builtin: 'array.concat' }, args: [{ local: path }, { local: key }], result: sub },
      { op: 'Call', target: { func: i }, args: [{ local: sub }, { local: v }], result: below },
      { op: 'Scan', source: { local: below }, key: ek, value: e, block: [{ op: 'ArrayAppend', value: { local: e }, array: r }] },
    ];
    f.emit({ op: 'Block', blocks: [[{ op: 'Scan', source: { local: value }, key: k, value: v, block: each }]] });
    this.funcs.push({ name: 'walk', params: [path, value], result: r, locals: f.localCount, blocks: [f.block] });
    return i;
  }

  // ── entrypoints ─────────────────────────────────────────────────────────────────────

  private entrypoint(ep: string): void {
    const loc: Loc = { file: '<entrypoint>', line: 1, col: 1 };
    const path = ep.split('/');
    if (ep === '' || path.some((s) => s === '')) {
      this.diagnostics.push(diag(loc, 'RG206', `invalid entrypoint "${ep}": expected a path like "pkg/rule"`));
      return;
    }
    const node = lookup(this.root, path);
    if (node?.kind === 'function') {
      this.diagnostics.push(diag(loc, 'RG206', `entrypoint "${ep}" names a function; entrypoints must name a document`));
      return;
    }
    const f = new Frame(2);
    const block: Block = [];
    f.reset({ block, depth: 0 });
    try {
      const bp = new BodyPlanner(this, f, new Scope());
      const v = dataRef(bp, path.map((p) => ({ kind: 'string', loc, value: p, raw: false }) as Term), loc);
      const o = f.local();
      f.emit({ op: 'MakeObject', target: o });
      f.emit({ op: 'ObjectInsert', key: { string: this.strings.intern('result') }, value: v, object: o });
      f.emit({ op: 'ResultSetAdd', value: o });
    } catch (e) {
      this.catch(e);
    }
    this.plans.push({ name: ep, locals: f.localCount, blocks: [block] });
  }

  /** Parameters of the func being planned before a function's arguments: input, data and,
   *  in a copy under `with f as x`, the dynamic mock values (body.ts dynamicMocks). */
  private copyParams(): Local[] {
    return [INPUT, DATA, ...dynamicMocks(this.variant).map((_, j) => 2 + j)];
  }

  // ── document nodes ──────────────────────────────────────────────────────────────────

  private planNode(node: TreeNode): Func {
    const params = this.copyParams();
    const f = new Frame(params.length);
    const r = f.local();
    const blocks: Block[] = [];
    const top = topLevelBlocks(f, blocks);
    const name = `data.${node.path.join('.')}`;
    switch (node.kind) {
      case 'complete': {
        for (const rr of node.rules) if (!rr.rule.default) this.guard(() => this.definition(rr, f, r, top, []));
        const def = node.rules.find((rr) => rr.rule.default);
        if (def) this.guard(() => top(() => this.defaultValue(def, f, r)));
        break;
      }
      case 'partialSet':
        top(() => f.emit({ op: 'MakeSet', target: r }));
        for (const rr of node.rules) {
          this.guard(() => top(() => {
            const { bp, body, terms } = this.prepare(rr, f, [rr.rule.head.key!]);
            bp.body(body, terms, rr.rule.loc, () => f.emit({ op: 'SetAdd', value: bp.term(terms[0]!), set: r }));
          }));
        }
        break;
      case 'partialObject':
        top(() => f.emit({ op: 'MakeObject', target: r }));
        for (const rr of node.rules) {
          this.guard(() => top(() => {
            const h = rr.rule.head;
            const { bp, body, terms } = this.prepare(rr, f, [h.key!, h.value ?? trueTerm(h.loc)]);
            bp.body(body, terms, rr.rule.loc, () => {
              const k = bp.term(terms[0]!);
              const v = bp.term(terms[1]!);
              f.emit({ op: 'ObjectInsertOnce', key: k, value: v, object: r });
            });
          }));
        }
        this.childDocs(node, f, r, top, true);
        break;
      case 'general':
        top(() => f.emit({ op: 'MakeObject', target: r }));
        for (const rr of node.rules) this.guard(() => top(() => this.generalRule(node, rr, f, r)));
        // rules inside the dynamic extent (`p[x].y := 1` with `p.b.z := 2`): merged in
        this.childDocs(node, f, r, top, 'merge');
        break;
      default:
        // An inner node: the rule documents below merged over the base document here.
        top(() => f.emit({ op: 'MakeObject', target: r }));
        this.childDocs(node, f, r, top, false);
        top(() => {
          let cur: Local = DATA;
          for (const k of node.path) {
            const t = f.local();
            f.emit({ op: 'Dot', source: { local: cur }, key: { string: this.strings.intern(k) }, target: t });
            cur = t;
          }
          const m = f.local();
          f.emit({ op: 'ObjectMerge', a: { local: r }, b: { local: cur }, target: m });
          f.emit({ op: 'AssignVar', source: { local: m }, target: r });
        });
    }
    if (this.variant !== '') return { name: `${name} (with)`, params, result: r, locals: f.localCount, blocks };
    return { name, params: [INPUT, DATA], result: r, locals: f.localCount, blocks, memo: true };
  }

  /** `p[x].y := v` / `p[x] contains e`: insert the value at the evaluated key path into the
   *  node's object, creating intermediate objects (all rules at a node share one shape, so
   *  intermediate levels are always objects this frame created). */
  private generalRule(node: TreeNode, rr: RuleRef, f: Frame, r: Local): void {
    const h = rr.rule.head;
    const isSet = h.ruleKind === 'partialSet';
    const suffix = generalSuffix(rr.rule);
    const leaf = isSet ? h.key! : h.value ?? trueTerm(h.loc);
    const { bp, body, terms } = this.prepare(rr, f, [...suffix, leaf]);
    const conflict = this.strings.intern(GENERAL_CONFLICT);
    bp.body(body, terms, rr.rule.loc, () => {
      const keys = terms.slice(0, -1).map((t) => bp.term(t));
      const value = bp.term(terms[terms.length - 1]!);
      if (node.mixedShapes) {
        // build {k2: {…{kn: value}}} (a set {value} for `contains`) afresh and merge it in at
        // k1 (no in-place insertion: levels may hold values other rules produced)
        let nested = value;
        if (isSet) {
          const one = f.local();
          f.emit({ op: 'MakeSet', target: one });
          f.emit({ op: 'SetAdd', value, set: one });
          nested = { local: one };
        }
        for (const k of keys.slice(1).reverse()) {
          const o = f.local();
          f.emit({ op: 'MakeObject', target: o });
          f.emit({ op: 'ObjectInsert', key: k, value: nested, object: o });
          nested = { local: o };
        }
        return this.mergeAt(f, r, keys[0]!, nested);
      }
      let cur = r;
      const levels = isSet ? keys : keys.slice(0, -1);
      levels.forEach((k, i) => {
        const c = f.local();
        const last = isSet && i === levels.length - 1;
        f.emit({ op: 'ResetLocal', target: c });
        f.emit({ op: 'Block', blocks: [[{ op: 'Dot', source: { local: cur }, key: k, target: c }]] });
        f.emit({ op: 'Block', blocks: [[
          { op: 'IsUndefined', source: c },
          last ? { op: 'MakeSet', target: c } : { op: 'MakeObject', target: c },
          { op: 'ObjectInsert', key: k, value: { local: c }, object: cur },
        ]] });
        f.emit({ op: 'Block', blocks: [[{ op: 'Not', block: [last ? { op: 'IsSet', source: { local: c } } : { op: 'IsObject', source: { local: c } }] }, { op: 'Abort', message: conflict }]] });
        cur = c;
      });
      if (isSet) f.emit({ op: 'SetAdd', value, set: cur });
      else f.emit({ op: 'ObjectInsertOnce', key: keys[keys.length - 1]!, value, object: cur, message: this.strings.intern(DEFAULT_MESSAGES.AssignVarOnce) });
    });
  }

  /** Inserts the documents of the rule nodes below `node` into r: `once` = conflict when
   *  the key exists (partial objects), false = plain insert (inner nodes), 'merge' = a
   *  general rule's object may already hold the key: equal values or objects without
   *  conflicting leaves merge, anything else is OPA's eval-time conflict. */
  private childDocs(node: TreeNode, f: Frame, r: Local, top: (fill: () => void) => void, once: boolean | 'merge'): void {
    for (const [key, c] of node.children) {
      // Function nodes are not documents; inner nodes holding only functions are {} (as OPA).
      if (!c.virtual || c.kind === 'function') continue;
      top(() => {
        const v = f.local();
        if (variantOverrides(this.variant).includes(JSON.stringify(c.path))) {
          // replaced by an enclosing `with`: the patched data holds the document
          let cur: Local = DATA;
          for (const k of c.path) {
            const t = f.local();
            f.emit({ op: 'Dot', source: { local: cur }, key: { string: this.strings.intern(k) }, target: t });
            cur = t;
          }
          f.emit({ op: 'AssignVar', source: { local: cur }, target: v });
        } else {
          f.emit({ op: 'Call', target: { func: this.nodeFunc(c, anyLoc(c), this.variant) }, args: this.copyParams().map((l) => ({ local: l })), result: v });
        }
        const k = { string: this.strings.intern(key) };
        if (once === 'merge') return this.mergeAt(f, r, k, { local: v });
        f.emit(once ? { op: 'ObjectInsertOnce', key: k, value: { local: v }, object: r } : { op: 'ObjectInsert', key: k, value: { local: v }, object: r });
      });
    }
  }

  /** r[k] := v, merging with a value already at k (mergeFunc: objects recursively, sets
   *  by union, equal values; anything else is OPA's eval-time conflict). */
  private mergeAt(f: Frame, r: Local, k: Operand, value: Operand): void {
    const e = f.local();
    const m = f.local();
    f.emit({ op: 'ResetLocal', target: e });
    f.emit({ op: 'Block', blocks: [[{ op: 'Dot', source: { local: r }, key: k, target: e }]] });
    // alternatives in one Block run in turn; Break(1) from one leaves the single-block
    // wrapper too, i.e. skips the remaining alternatives
    f.emit({ op: 'Block', blocks: [[{ op: 'Block', blocks: [
      [{ op: 'IsUndefined', source: e }, { op: 'ObjectInsert', key: k, value, object: r }, { op: 'Break', index: 1 }],
      [
        { op: 'Call', target: { func: this.mergeFunc() }, args: [{ local: e }, value], result: m },
        { op: 'ObjectInsert', key: k, value: { local: m }, object: r },
      ],
    ] }]] });
  }

  /** The Func merging two values of one document path built by different rules (params
   *  a, b): equal values stay; objects merge key by key (recursively); sets unite; any
   *  other pair aborts with OPA's conflict error. Calls itself (not Rego recursion). */
  private mergeFunc(): number {
    if (this.mergeIndex !== undefined) return this.mergeIndex;
    const i = (this.mergeIndex = this.funcs.length);
    this.nodeOf.push(this.root);
    const f = new Frame(2);
    const [a, b] = [0, 1];
    const r = f.local();
    const [k, v, av, m, k2, v2] = [f.local(), f.local(), f.local(), f.local(), f.local(), f.local()];
    const objects: Block = [
      { op: 'IsObject', source: { local: a } },
      { op: 'IsObject', source: { local: b } },
      { op: 'MakeObject', target: r },
      { op: 'Scan', source: { local: a }, key: k2, value: v2, block: [{ op: 'ObjectInsert', key: { local: k2 }, value: { local: v2 }, object: r }] },
      { op: 'Scan', source: { local: b }, key: k, value: v, block: [
        { op: 'ResetLocal', target: av },
        { op: 'Block', blocks: [[{ op: 'Dot', source: { local: a }, key: { local: k }, target: av }]] },
        { op: 'Block', blocks: [[{ op: 'Block', blocks: [
          [{ op: 'IsUndefined', source: av }, { op: 'ObjectInsert', key: { local: k }, value: { local: v }, object: r }, { op: 'Break', index: 1 }],
          [
            { op: 'Call', target: { func: i }, args: [{ local: av }, { local: v }], result: m },
            { op: 'ObjectInsert', key: { local: k }, value: { local: m }, object: r },
          ],
        ] }]] },
      ] },
      { op: 'Break', index: 1 },
    ];
    const blocks: Block = [{ op: 'Block', blocks: [[{ op: 'Block', blocks: [
      [{ op: 'Equal', a: { local: a }, b: { local: b } }, { op: 'AssignVar', source: { local: a }, target: r }, { op: 'Break', index: 1 }],
      objects,
      [
        { op: 'IsSet', source: { local: a } },
        { op: 'IsSet', source: { local: b } },
        { op: 'Call', target: { builtin: 'or' }, args: [{ local: a }, { local: b }], result: r },
        { op: 'Break', index: 1 },
      ],
      [{ op: 'Abort', message: this.strings.intern(GENERAL_CONFLICT) }],
    ] }]] }];
    this.funcs.push({ name: 'merge', params: [a, b], result: r, locals: f.localCount, blocks: [blocks] });
    return i;
  }

  private planFunction(node: TreeNode): Func {
    const arity = node.rules[0]!.rule.head.args!.length;
    const params = this.copyParams();
    const f = new Frame(params.length);
    const base = params.length;
    for (let i = 0; i < arity; i++) params.push(f.local());
    const r = f.local();
    const blocks: Block[] = [];
    const top = topLevelBlocks(f, blocks);
    const msg = this.strings.intern(FN_CONFLICT);
    for (const rr of node.rules) {
      const n = rr.rule.head.args!.length;
      if (n !== arity) {
        this.diagnostics.push(diag(rr.rule.head.loc, 'RG204', `function data.${node.path.join('.')} has arity ${arity} and ${n}`));
      } else if (!rr.rule.default) {
        this.guard(() => this.definition(rr, f, r, top, params.slice(base), msg));
      }
    }
    // The default applies when no definition produced a value, so it runs last.
    const def = node.rules.find((rr) => rr.rule.default && rr.rule.head.args!.length === arity);
    if (def) this.guard(() => top(() => this.defaultValue(def, f, r)));
    return { name: `data.${node.path.join('.')}${this.variant !== '' ? ' (with)' : ''}`, params, result: r, locals: f.localCount, blocks };
  }

  /** A complete rule or function definition (with its else chain) assigning to `r`. */
  private definition(rr: RuleRef, f: Frame, r: Local, top: (fill: () => void) => void, params: Local[], message?: number): void {
    const rule = rr.rule;
    const clauses = [{ body: rule.body, value: rule.head.value, loc: rule.loc }, ...rule.else.map((e) => ({ body: e.body, value: e.value, loc: e.loc }))];
    const assign = (bp: BodyPlanner, v: Term, target: Local): void => {
      const o = bp.term(v);
      f.emit(message !== undefined ? { op: 'AssignVarOnce', source: o, target, message } : { op: 'AssignVarOnce', source: o, target });
    };
    if (clauses.length === 1) {
      top(() => {
        const { bp, body, terms } = this.prepare(rr, f, [rule.head.value ?? trueTerm(rule.head.loc)], params);
        bp.body(body, terms, rule.loc, () => assign(bp, terms[0]!, r));
      });
      return;
    }
    top(() => {
      const t = f.local();
      const branches: Block[] = [];
      const outer = f.mark();
      f.emit({ op: 'Block', blocks: branches });
      clauses.forEach((c, i) => {
        const b: Block = [];
        branches.push(b);
        f.inBlock(b, () => {
          if (i > 0) f.emit({ op: 'IsUndefined', source: t });
          const { bp, body, terms } = this.prepare(rr, f, [c.value ?? trueTerm(c.loc)], params, c.body);
          bp.body(body, terms, c.loc, () => assign(bp, terms[0]!, t));
        });
      });
      f.reset(outer);
      f.emit({ op: 'IsDefined', source: t });
      f.emit(message !== undefined ? { op: 'AssignVarOnce', source: { local: t }, target: r, message } : { op: 'AssignVarOnce', source: { local: t }, target: r });
    });
  }

  private defaultValue(rr: RuleRef, f: Frame, r: Local): void {
    f.emit({ op: 'IsUndefined', source: r });
    const { bp, terms } = this.prepare(rr, f, [rr.rule.head.value ?? trueTerm(rr.rule.head.loc)]);
    f.emit({ op: 'AssignVar', source: bp.term(terms[0]!), target: r });
  }

  /** Resolves a rule's body and head terms and binds function parameters. */
  private prepare(rr: RuleRef, f: Frame, headTerms: Term[], params: Local[] = [], bodyOverride?: Rule['body']) {
    const entry = this.scopes.get(rr.module);
    if (!entry) fail(rr.rule.loc, 'RG203', 'module could not be resolved');
    const args = rr.rule.head.args ?? [];
    const declared = new Set<string>();
    for (const a of args) patternVars(a, declared);
    const resolved = entry.resolver.rule(bodyOverride ?? rr.rule.body, headTerms, args, declared);
    if (this.typeCheck && this.variant === '') checkRule(resolved.body, resolved.terms, (e) => this.diagnostics.push(diag(e.loc, 'RG210', e.message)));
    const bp = new BodyPlanner(this, f, new Scope(), this.variant);
    resolved.args.forEach((a, i) => bp.unifyWith(a, { local: params[i]! }, false));
    return { bp, body: resolved.body, terms: resolved.terms };
  }

  private guard(fn: () => void): void {
    try {
      fn();
    } catch (e) {
      this.catch(e);
    }
  }

  // ── recursion ───────────────────────────────────────────────────────────────────────

  private checkRecursion(): void {
    const state = new Map<number, 1 | 2>();
    const stack: number[] = [];
    const visit = (i: number): void => {
      state.set(i, 1);
      stack.push(i);
      for (const j of this.edges.get(i) ?? []) {
        const s = state.get(j);
        if (s === 1) {
          const cycle = stack.slice(stack.indexOf(j)).map((k) => `data.${this.nodeOf[k]!.path.join('.')}`);
          const node = this.nodeOf[j]!;
          const loc = node.rules[0]?.rule.loc ?? { file: '<policy>', line: 1, col: 1 };
          this.diagnostics.push(diag(loc, 'RG205', `rego_recursion_error: recursion found: ${[...cycle, cycle[0]].join(' → ')}`));
        } else if (s === undefined) visit(j);
      }
      stack.pop();
      state.set(i, 2);
    };
    for (let i = 0; i < this.funcs.length; i++) if (!state.has(i)) visit(i);
  }
}

/** Plans each call of the returned function into a new top-level block of `blocks`, so that
 *  every rule body (or function definition) fails on its own without ending the others. */
function topLevelBlocks(f: Frame, blocks: Block[]): (fill: () => void) => void {
  return (fill) => {
    const b: Block = [];
    blocks.push(b);
    f.reset({ block: b, depth: 0 });
    fill();
  };
}

function anyLoc(node: TreeNode): Loc {
  if (node.rules.length > 0) return node.rules[0]!.rule.loc;
  for (const c of node.children.values()) return anyLoc(c);
  return { file: '<policy>', line: 1, col: 1 };
}

function trueTerm(loc: Loc): Term {
  return { kind: 'boolean', loc, value: true };
}
