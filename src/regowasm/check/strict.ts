/**
 * OPA's strict mode (`opa build --strict`), over the parsed modules: each finding is an
 * error (RG211, OPA's rego_compile_error), worded as OPA words it:
 * - unused imports:            `import data.foo unused`
 * - unused assigned locals:    `assigned var x unused` (`x := …` never read)
 * - unused declared locals:    `declared var x unused` (`some x` never used)
 * - deprecated builtins:       `deprecated built-in function calls in expression: any`
 * Duplicate imports and `input` / `data` shadowing are errors in Rego v1 anyway (parser).
 * Locals are counted by name over the whole rule, so a name reused in another scope is
 * counted there too: the check may miss an unused local, never report a used one.
 */
import type { Body, Literal, Loc, RegoModule, Rule, Term } from '../syntax/ast.ts';

export interface StrictFinding {
  loc: Loc;
  message: string;
}

/** Builtins OPA marks deprecated (rejected in strict mode). */
const DEPRECATED = new Set(['any', 'all', 're_match', 'net.cidr_overlap', 'set_diff', 'cast_array', 'cast_set', 'cast_string', 'cast_boolean', 'cast_null', 'cast_object']);

export function strictFindings(module: RegoModule): StrictFinding[] {
  const out: StrictFinding[] = [];
  const moduleVars = new Map<string, number>();
  for (const rule of module.rules) {
    const uses = new Map<string, number>();
    const visit: Visitor = {
      var: (name) => {
        uses.set(name, (uses.get(name) ?? 0) + 1);
        moduleVars.set(name, (moduleVars.get(name) ?? 0) + 1);
      },
      call: (name, loc) => {
        if (DEPRECATED.has(name)) out.push({ loc, message: `deprecated built-in function calls in expression: ${name}` });
        const root = name.split('.')[0]!;
        moduleVars.set(root, (moduleVars.get(root) ?? 0) + 1);
      },
    };
    walkRule(rule, visit);
    for (const d of declaredLocals(rule)) {
      if (d.name.startsWith('_') || (uses.get(d.name) ?? 0) > 1) continue;
      out.push({ loc: d.loc, message: `${d.how} var ${d.name} unused` });
    }
  }
  for (const imp of module.imports) {
    if (imp.path[0] === 'future' || imp.path[0] === 'rego') continue;
    const name = imp.alias ?? imp.path[imp.path.length - 1]!;
    if (imp.path.length === 1 && !imp.alias) continue; // `import input` / `import data`
    if ((moduleVars.get(name) ?? 0) === 0) out.push({ loc: imp.loc, message: `import ${imp.path.join('.')}${imp.alias ? ` as ${imp.alias}` : ''} unused` });
  }
  return out;
}

interface Visitor {
  var(name: string): void;
  call(name: string, loc: Loc): void;
}

function walkRule(rule: Rule, v: Visitor): void {
  const h = rule.head;
  for (const t of [...h.ref.path, ...(h.key ? [h.key] : []), ...(h.value ? [h.value] : []), ...(h.args ?? [])]) walkTerm(t, v);
  walkBody(rule.body, v);
  for (const e of rule.else) {
    if (e.value) walkTerm(e.value, v);
    walkBody(e.body, v);
  }
}

function walkBody(body: Body, v: Visitor): void {
  for (const l of body) walkLiteral(l, v);
}

function walkLiteral(l: Literal, v: Visitor): void {
  switch (l.kind) {
    case 'some':
      for (const x of l.vars) walkTerm(x, v);
      return;
    case 'someIn':
      for (const t of [l.key, l.value, l.domain]) if (t) walkTerm(t, v);
      break;
    case 'every':
      for (const t of [l.key, l.value, l.domain]) if (t) walkTerm(t, v);
      walkBody(l.body, v);
      break;
    case 'expr':
      walkTerm(l.expr, v);
      break;
  }
  for (const w of l.with) {
    walkTerm(w.target, v);
    walkTerm(w.value, v);
  }
}

function walkTerm(t: Term, v: Visitor): void {
  switch (t.kind) {
    case 'var':
      v.var(t.name);
      return;
    case 'ref':
      walkTerm(t.head, v);
      t.path.forEach((p) => walkTerm(p, v));
      return;
    case 'array':
    case 'set':
      t.items.forEach((i) => walkTerm(i, v));
      return;
    case 'object':
      t.entries.forEach((e) => (walkTerm(e.key, v), walkTerm(e.value, v)));
      return;
    case 'arrayCompr':
    case 'setCompr':
      walkTerm(t.term, v);
      walkBody(t.body, v);
      return;
    case 'objectCompr':
      walkTerm(t.key, v);
      walkTerm(t.value, v);
      walkBody(t.body, v);
      return;
    case 'call':
      v.call(t.name, t.loc);
      t.args.forEach((a) => walkTerm(a, v));
      return;
    case 'binary':
      walkTerm(t.left, v);
      walkTerm(t.right, v);
      return;
    case 'in':
      if (t.key) walkTerm(t.key, v);
      walkTerm(t.value, v);
      walkTerm(t.collection, v);
      return;
    default:
      return;
  }
}

/** Locals a rule declares: `x := …` (assigned) and `some x` (declared), in every body. */
function declaredLocals(rule: Rule): { name: string; loc: Loc; how: 'assigned' | 'declared' }[] {
  const out: { name: string; loc: Loc; how: 'assigned' | 'declared' }[] = [];
  const body = (b: Body): void => {
    for (const l of b) {
      if (l.kind === 'some') for (const x of l.vars) out.push({ name: x.name, loc: x.loc, how: 'declared' });
      if (l.kind === 'expr' && l.expr.kind === 'binary' && l.expr.op === ':=' && l.expr.left.kind === 'var') out.push({ name: l.expr.left.name, loc: l.expr.left.loc, how: 'assigned' });
      if (l.kind === 'every') body(l.body);
      if (l.kind === 'expr') terms(l.expr);
    }
  };
  const terms = (t: Term): void => {
    if (t.kind === 'arrayCompr' || t.kind === 'setCompr' || t.kind === 'objectCompr') body(t.body);
    else if (t.kind === 'binary') (terms(t.left), terms(t.right));
    else if (t.kind === 'call') t.args.forEach(terms);
  };
  body(rule.body);
  for (const e of rule.else) body(e.body);
  return out;
}
