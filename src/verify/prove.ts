/**
 * Asking Z3 (the `z3-solver` package: Z3 compiled to WebAssembly) whether a goal can hold
 * for some valid request, and reading a witness request back from its model.
 *
 * Sets are Z3 arrays, but a witness must be a finite set, so every set variable is
 * bounded by a finite universe: the constants of the problem plus `k` fresh values, with
 * k the number of set atoms that can need an element of their own (a non-literal
 * membership, subset, intersection, emptiness, set equality). Removing every element
 * outside that universe from all sets keeps each such atom's truth value once one
 * witness element per atom is kept, so the bound loses no counterexample (the
 * small-model argument in docs/verify.md). When k would exceed MAX_FRESH the result is
 * marked `bounded` and a proof is reported as such.
 */
import type { Context } from 'z3-solver';
import { performance } from 'node:perf_hooks';
import type { Assignment, IpValue, Value } from './eval.ts';
import { elemSym, intLit, SmtPrinter, strLit, sym, type SetUniverse } from './smtlib.ts';
import { RESOURCE_TYPES } from './request-model.ts';
import type { ResourceType } from '../request/types.ts';
import { walk, Defs, variablesOf, type Sort, type Term } from './term.ts';

const MAX_FRESH = 16;

type Ctx = Context<'main'>;

let z3: Promise<{ ctx: Ctx; initMs: number }> | undefined;

/** Loads and initialises Z3 once per process (≈1–2 s: instantiating the Wasm module, one empty check). */
export function z3Context(): Promise<{ ctx: Ctx; initMs: number }> {
  z3 ??= (async () => {
    const t0 = performance.now();
    const { init } = await import('z3-solver');
    const api = await init();
    const ctx = api.Context('main') as unknown as Ctx;
    // The first check of a process starts Z3's worker thread (≈1 s here): paid at init, so
    // that the figures of the first question are its own.
    await new ctx.Solver().check();
    return { ctx, initMs: performance.now() - t0 };
  })();
  return z3;
}

export interface Problem {
  defs: Defs;
  /** Assumptions (request validity, …). */
  given: Term[];
  /** What we look for a request satisfying. */
  goal: Term;
  /** Variables to read back even if no term reads them (the request model's). */
  variables: ReadonlyMap<string, Sort>;
  /** Shrink the witness (minimize.ts): shortest strings, fewest attributes and elements. */
  minimize?: boolean;
  timeoutMs?: number;
  /** Z3's logic for the solver (e.g. `QF_UF` for a purely propositional problem). */
  logic?: string;
  /** Finite action lists per resource type, to split the question further. */
  actionsOf?: (rt: ResourceType) => string[] | undefined;
}

/** Where a question's time went (solve.ts fills it; a single Z3 call leaves it out). */
export interface SolveStats {
  /** Parts the question was split into, and those that folded to false without Z3. */
  parts: number;
  folded: number;
  /** Partial evaluation, abstraction and pattern lemmas (JavaScript). */
  specializeMs: number;
  /** The batched propositional check (Z3). */
  abstractMs: number;
  abstractCalls: number;
  /** Exact problems (Z3 with strings, sets, addresses). */
  exactMs: number;
  exactCalls: number;
  /** Witness shrinking (minimize.ts). */
  minimizeMs: number;
}

export type Outcome =
  | { status: 'sat'; witness: Assignment; bounded: boolean; ms: number; stats?: SolveStats }
  | { status: 'unsat'; bounded: boolean; ms: number; stats?: SolveStats }
  | { status: 'unknown'; reason: string; bounded: boolean; ms: number; stats?: SolveStats };

interface Universe {
  /** Declarations and distinctness of the fresh elements. */
  text: string;
  sets: SetUniverse;
  bounded: boolean;
}

/** Constants that can be set elements, and the number of set atoms that may need an
 *  element of their own. */
function universe(roots: Term[], defs: Defs): Universe {
  const strs = new Set<string>();
  const ints = new Set<bigint>();
  let need = 0;
  walk(roots, defs, (t) => {
    // Only constants that can be set elements: literal members and set literals.
    if (t.op === 'strset') t.values.forEach((x) => strs.add(x));
    else if (t.op === 'intset') t.values.forEach((x) => ints.add(x));
    else if (t.op === 'member' && t.elem.op === 'str') strs.add(t.elem.value);
    else if (t.op === 'member' && t.elem.op === 'int') ints.add(t.elem.value);
    else if (t.op === 'member') need++;
    else if (t.op === 'subset' || t.op === 'intersects' || t.op === 'isEmpty') need++;
    else if (t.op === 'eq' && isSetTerm(t.left)) need++;
  });
  const k = Math.min(need, MAX_FRESH);
  const sets: SetUniverse = {
    StrSet: [...strs].sort().map((x) => ({ smt: strLit(x), value: x })),
    IntSet: [...ints].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)).map((x) => ({ smt: intLit(x), value: x })),
  };
  const lines: string[] = [];
  for (let i = 0; i < k; i++) {
    lines.push(`(declare-const ${sym(`fresh:s${i}`)} String)`, `(declare-const ${sym(`fresh:i${i}`)} Int)`);
    lines.push(`(assert (and (<= (- 9007199254740991) ${sym(`fresh:i${i}`)}) (<= ${sym(`fresh:i${i}`)} 9007199254740991)))`);
    sets.StrSet.push({ smt: sym(`fresh:s${i}`) });
    sets.IntSet.push({ smt: sym(`fresh:i${i}`) });
  }
  for (const u of [sets.StrSet, sets.IntSet]) if (u.length > 1) lines.push(`(assert (distinct ${u.map((e) => e.smt).join(' ')}))`);
  return { text: lines.join('\n'), sets, bounded: need > MAX_FRESH };
}

function isSetTerm(t: Term): boolean {
  return ((t.op === 'var' || t.op === 'ref') && (t.sort === 'StrSet' || t.sort === 'IntSet')) || t.op === 'strset' || t.op === 'intset';
}

/** The SMT-LIB text of a problem. */
export function problemText(p: Problem): { text: string; vars: Map<string, Sort>; u: Universe } {
  const roots = [...p.given, p.goal];
  const vars = new Map([...p.variables, ...variablesOf(roots, p.defs)]);
  const u = universe(roots, p.defs);
  const printer = new SmtPrinter(p.defs, u.sets);
  const lines = [u.text, printer.preamble(vars, roots)];
  // (Excluding lone surrogates with a regular constraint on every string made Z3's string
  // solver much slower; a witness is checked against request.schema.json on replay instead.)
  for (const g of p.given) lines.push(`(assert ${printer.print(g)})`);
  lines.push(`(assert ${printer.print(p.goal)})`);
  return { text: lines.join('\n'), vars, u };
}

/**
 * The parts a question is split into: one per resource type, and within a type whose
 * actions are finitely many, one per action (each part then keeps only the rules that
 * grant or deny that privilege).
 */
export function* splits(p: Problem): Generator<Map<string, Value>> {
  for (let rt = 0; rt < RESOURCE_TYPES.length; rt++) {
    const actions = p.actionsOf?.(RESOURCE_TYPES[rt]!);
    if (!actions) {
      yield new Map<string, Value>([['r.type', BigInt(rt)]]);
      continue;
    }
    for (const a of actions) yield new Map<string, Value>([['r.type', BigInt(rt)], ['action', a]]);
  }
}


/** One Z3 call on the whole problem. */
export async function solveWhole(p: Problem): Promise<Outcome> {
  const { ctx } = await z3Context();
  const t0 = performance.now();
  const { text, vars, u } = problemText(p);
  const tText = performance.now();
  const solver = p.logic ? new ctx.Solver(p.logic as never) : new ctx.Solver();
  if (p.timeoutMs !== undefined) solver.set('timeout', p.timeoutMs);
  solver.fromString(text);
  const tParse = performance.now();
  try {
    return await checkAndRead(ctx, solver, { text, vars, u, t0, tText, tParse });
  } finally {
    // Freed now rather than whenever the collector runs: a long run (the benchmark) creates
    // thousands of solvers in Z3's Wasm heap.
    solver.release();
  }
}

async function checkAndRead(
  ctx: Ctx,
  solver: InstanceType<Ctx['Solver']>,
  { text, vars, u, t0, tText, tParse }: { text: string; vars: Map<string, Sort>; u: Universe; t0: number; tText: number; tParse: number },
): Promise<Outcome> {
  const result = await solver.check();
  if (process.env.ROLEC_VERIFY_TRACE) process.stderr.write(`[verify]   text ${Math.round(tText - t0)} ms (${text.length} chars), parse ${Math.round(tParse - tText)} ms, check ${Math.round(performance.now() - tParse)} ms\n`);
  const ms = () => performance.now() - t0;
  if (result === 'unsat') return { status: 'unsat', bounded: u.bounded, ms: ms() };
  if (result === 'unknown') {
    const reason = 'reasonUnknown' in solver && typeof solver.reasonUnknown === 'function' ? String(solver.reasonUnknown()) : 'unknown';
    return { status: 'unknown', reason, bounded: u.bounded, ms: ms() };
  }
  const model = solver.model();
  const witness = readModel(ctx, model, vars, u);
  model.release();
  return { status: 'sat', witness, bounded: u.bounded, ms: ms() };
}

function readModel(ctx: Ctx, model: ReturnType<InstanceType<Ctx['Solver']>['model']>, vars: ReadonlyMap<string, Sort>, u: Universe): Map<string, Value> {
  const out = new Map<string, Value>();
  const strOf = (name: string) => unescapeZ3((model.eval(ctx.String.const(name), true) as unknown as { asString(): string }).asString());
  const intOf = (name: string) => (model.eval(ctx.Int.const(name), true) as unknown as { value(): bigint }).value();
  for (const [name, sort] of vars) {
    switch (sort) {
      case 'Bool':
        out.set(name, ctx.isTrue(model.eval(ctx.Bool.const(name), true)));
        break;
      case 'String':
        out.set(name, strOf(name));
        break;
      case 'Int':
        out.set(name, intOf(name));
        break;
      case 'IP': {
        const bits = (model.eval(ctx.BitVec.const(name, 128), true) as unknown as { value(): bigint }).value();
        out.set(name, { v6: ctx.isTrue(model.eval(ctx.Bool.const(`${name}!v6`), true)), value: bits });
        break;
      }
      case 'StrSet':
      case 'IntSet': {
        const set = new Set<string | bigint>();
        u.sets[sort].forEach((e, i) => {
          if (!ctx.isTrue(model.eval(ctx.Bool.const(`${name}@${i}`), true))) return;
          const fresh = e.smt.slice(1, -1);
          set.add(e.value ?? (sort === 'StrSet' ? strOf(fresh) : intOf(fresh)));
        });
        out.set(name, set as ReadonlySet<string>);
        break;
      }
    }
  }
  return out;
}

/** Z3 prints characters outside printable ASCII (and `\\`) as \\u{…}. */
function unescapeZ3(s: string): string {
  return s.replace(/\\u\{([0-9a-fA-F]+)\}/g, (_, h: string) => String.fromCodePoint(parseInt(h, 16)));
}

/**
 * Z3's own answer for one concrete request: every variable pinned to the request's value,
 * then "can the goal hold?". `undefined` when the request's sets hold more distinct
 * non-constant elements than the universe has fresh ones (not representable).
 */
export async function decideConcrete(p: Problem, env: Assignment): Promise<boolean | undefined> {
  const { ctx } = await z3Context();
  const { text, vars, u } = problemText(p);
  const pins: string[] = [];
  const freshPool = { StrSet: new Map<string | bigint, string>(), IntSet: new Map<string | bigint, string>() };
  for (const [name, sort] of vars) {
    const x = env.get(name);
    if (x === undefined) continue; // fresh elements and variables the request does not fix
    switch (sort) {
      case 'Bool':
        pins.push(x ? sym(name) : `(not ${sym(name)})`);
        break;
      case 'String':
        pins.push(`(= ${sym(name)} ${strLit(x as string)})`);
        break;
      case 'Int':
        pins.push(`(= ${sym(name)} ${intLit(x as bigint)})`);
        break;
      case 'IP': {
        const ip = x as IpValue;
        pins.push(`(= ${sym(`${name}!v6`)} ${ip.v6})`, `(= ${sym(name)} #x${ip.value.toString(16).padStart(32, '0')})`);
        break;
      }
      case 'StrSet':
      case 'IntSet': {
        const members = x as ReadonlySet<string | bigint>;
        const universe = u.sets[sort];
        const fresh = universe.map((e, i) => ({ e, i })).filter(({ e }) => e.value === undefined);
        for (const m of members) {
          if (universe.some((e) => e.value === m) || freshPool[sort].has(m)) continue;
          const next = fresh[freshPool[sort].size];
          if (!next) return undefined;
          freshPool[sort].set(m, next.e.smt);
        }
        universe.forEach((e, i) => {
          let inSet: boolean;
          if (e.value !== undefined) inSet = members.has(e.value);
          else inSet = [...freshPool[sort]].some(([m, smt]) => smt === e.smt && members.has(m));
          pins.push(inSet ? elemSym(name, i) : `(not ${elemSym(name, i)})`);
        });
        break;
      }
    }
  }
  for (const sort of ['StrSet', 'IntSet'] as const) {
    for (const [m, smt] of freshPool[sort]) pins.push(`(= ${smt} ${typeof m === 'string' ? strLit(m) : intLit(m)})`);
  }
  const solver = new ctx.Solver();
  solver.fromString(`${text}\n${pins.map((x) => `(assert ${x})`).join('\n')}`);
  const r = await solver.check();
  solver.release();
  if (r === 'unknown') throw new Error('Z3 answered unknown on a fully pinned request');
  return r === 'sat';
}
