/**
 * How a question goes to Z3: split into parts by resource type and privilege (each part
 * partially evaluated with those fixed, specialize.ts), then
 *
 *  1. every part's propositional abstraction (theory atoms as free Bools, plus the
 *     pattern facts of atom-lemmas.ts) in ONE Z3 call: "does some part have an
 *     abstract solution?" Each part sits behind a selector Bool. Unsat is final for all
 *     parts at once — a proof costs one call instead of one per part (≈100 per set,
 *     each ~40 ms of Z3 overhead on this machine even when trivial).
 *  2. when sat, the part the model selected is asked exactly (strings, sets, addresses):
 *     sat gives a witness; unsat means that part's abstract answer was spurious and the
 *     part is dropped; then back to 1 with the remaining parts.
 *
 * Sound: a part is dropped only when its abstraction is unsat (which over-approximates it)
 * or its exact problem is unsat; a witness comes only from the exact problem.
 * `solveMany` keeps going after a witness, with a blocking term the caller derives from
 * it added to that part (rolec diff: one witness per class).
 */
import { performance } from 'node:perf_hooks';
import type { Assignment, Value } from './eval.ts';
import { minimizeWitness } from './minimize.ts';
import { patternLemmas } from './atom-lemmas.ts';
import { solveWhole, splits, type Outcome, type Problem, type SolveStats } from './prove.ts';
import { isBool, SpecializedDefs, Specializer } from './specialize.ts';
import { and, children, Defs, eq, implies, not, or, str, TRUE, walk, type Term } from './term.ts';
import { realiseString, stringConstraintsOf, stringVarsOf } from './realise-strings.ts';
import { Evaluator } from './eval.ts';

/** A question partially evaluated for one resource type. */
interface Source {
  defs: Defs;
  given: Term[];
  goal: Term;
}

interface Part {
  fixed: ReadonlyMap<string, Value>;
  src: Source;
  label: string;
  /** Blocking terms added after witnesses found in this part. */
  blocks: Term[];
  /** The abstract `given ∧ goal` of this part (in the shared abstraction). */
  abstract: Term;
  selector: Term;
}

export interface ManyOutcome {
  witnesses: Map<string, Value>[];
  /** `truncated`: another witness exists beyond `max`. */
  status: 'complete' | 'truncated' | 'unknown';
  reason?: string;
  bounded: boolean;
  ms: number;
  stats: SolveStats;
}

const trace = (s: string) => {
  if (process.env.ROLEC_VERIFY_TRACE) process.stderr.write(`[verify] ${s}\n`);
};

export function emptyStats(): SolveStats {
  return { parts: 0, folded: 0, specializeMs: 0, abstractMs: 0, abstractCalls: 0, exactMs: 0, exactCalls: 0, minimizeMs: 0 };
}

/** Adds b's figures to a (for totals over several questions). */
export function addStats(a: SolveStats, b: SolveStats | undefined): SolveStats {
  if (!b) return a;
  for (const k of Object.keys(a) as (keyof SolveStats)[]) a[k] += b[k];
  return a;
}

/** A witness of the question, or unsat / unknown. */
export async function solve(p: Problem): Promise<Outcome> {
  const r = await solveMany(p, { max: 1 });
  const base = { bounded: r.bounded, ms: r.ms, stats: r.stats };
  if (r.witnesses.length) return { status: 'sat', witness: r.witnesses[0]!, ...base };
  if (r.status === 'unknown') return { status: 'unknown', reason: r.reason ?? 'unknown', ...base };
  return { status: 'unsat', ...base };
}

/**
 * Up to `max` witnesses; after each, `exclude(witness)` is added to its part (without it,
 * the search stops at the first). With `max` reached, one more search says whether the
 * list is complete (`complete`) or not (`truncated`) — unless `max` is 1 and no `exclude`.
 */
export async function solveMany(p: Problem, opts: { max: number; exclude?: (w: Assignment) => Term }): Promise<ManyOutcome> {
  const t0 = performance.now();
  const stats = emptyStats();
  const shared = new SpecializedDefs();
  const witnesses: Map<string, Value>[] = [];
  let bounded = false;
  let reason: string | undefined;
  let blockCount = 0;

  // Partial evaluation in two steps: by resource type, then each of its privileges from
  // the type's (much smaller) terms — a cluster privilege never walks the index grants.
  const specializeAbstract = (src: Source, fixed: ReadonlyMap<string, Value>, blocks: Term[], prefix: string): Term => {
    const t = performance.now();
    const sp = new Specializer(src.defs, fixed, { abstractAtoms: true, into: shared, prefix });
    const bl = new Specializer(p.defs, fixed, { abstractAtoms: true, into: shared, prefix });
    const out = and(...src.given.map((g) => sp.term(g)), ...blocks.map((b) => bl.term(b)), sp.term(src.goal));
    stats.specializeMs += performance.now() - t;
    return out;
  };

  let live: Part[] = [];
  let index = 0;
  const byType = new Map<Value, Source>();
  for (const fixed of splits(p)) {
    stats.parts++;
    const i = index++;
    const rt = fixed.get('r.type')!;
    let src = byType.get(rt);
    if (!src) {
      const t = performance.now();
      const sp = new Specializer(p.defs, new Map([['r.type', rt]]));
      byType.set(rt, (src = { defs: sp.defs, given: p.given.map((g) => sp.term(g)), goal: sp.term(p.goal) }));
      stats.specializeMs += performance.now() - t;
    }
    const abstract = specializeAbstract(src, fixed, [], `#${i}:`);
    if (abstract.op === 'bool' && !abstract.value) {
      stats.folded++;
      continue;
    }
    const label = [...fixed].map(([k, x]) => `${k}=${String(x)}`).join(' ');
    live.push({ fixed, label, src, blocks: [], abstract, selector: { op: 'var', name: `part!${i}`, sort: 'Bool' } });
  }

  let lemmas: Term[] = [];
  let lemmaAtoms = -1;
  // `timeoutMs` bounds the whole question: no Z3 call starts after it, each gets what is left.
  const budget = () => (p.timeoutMs === undefined ? {} : { timeoutMs: Math.max(1, Math.round(p.timeoutMs - (performance.now() - t0))) });
  while (live.length) {
    if (p.timeoutMs !== undefined && performance.now() - t0 >= p.timeoutMs) {
      reason ??= `timeout (${p.timeoutMs} ms)`;
      break;
    }
    if (lemmaAtoms !== shared.atoms.size) {
      const t = performance.now();
      lemmas = patternLemmas(shared.atoms.values(), shared.literals.values());
      lemmaAtoms = shared.atoms.size;
      stats.specializeMs += performance.now() - t;
    }
    const absGiven = [...lemmas, ...live.map((x) => implies(x.selector, x.abstract))];
    const absGoal = or(...live.map((x) => x.selector));
    const abs = await solveWhole({
      defs: shared.defs,
      given: absGiven,
      goal: absGoal,
      variables: new Map(),
      // Z3's default solver takes ~10× longer on these (it prepares for theories).
      ...(propositional([...absGiven, absGoal], shared.defs) ? { logic: 'QF_UF' } : {}),
      ...budget(),
    });
    stats.abstractCalls++;
    stats.abstractMs += abs.ms;
    trace(`abstract${propositional([...absGiven, absGoal], shared.defs) ? ' (QF_UF)' : ''}: ${live.length} parts, ${shared.atoms.size} atoms, ${lemmas.length} lemmas: ${abs.status} in ${Math.round(abs.ms)} ms`);
    if (abs.status === 'unsat') {
      bounded ||= abs.bounded;
      break;
    }
    if (abs.status === 'unknown') {
      reason ??= abs.reason;
      break;
    }
    const part = live.find((x) => abs.witness.get((x.selector as { name: string }).name) === true);
    if (!part) throw new Error('the abstract model selects no part');

    const t = performance.now();
    const sp = new Specializer(p.defs, part.fixed);
    const goal = sp.term(p.goal);
    const given = [...p.given, ...part.blocks].map((g) => sp.term(g));
    stats.specializeMs += performance.now() - t;
    let exact: Outcome = { status: 'unsat', bounded: false, ms: 0 };
    if (!given.some((g) => g.op === 'bool' && !g.value)) {
      const exactProblem = { ...p, defs: sp.defs, given: given.filter((g) => g.op !== 'bool'), goal, minimize: false, ...budget() };
      // First with every theory atom of the part as the abstract model has it: the string
      // solver then only has to realise those memberships, not search the Boolean
      // structure (a witness of that problem is a witness of this one). Else unpinned.
      const pins = pinsOf(part.abstract, shared, abs.witness);
      // Strings chosen in JavaScript for those pins (realise-strings.ts). First Z3 only
      // realises the other pinned atoms (integers, sets, addresses: a tiny problem), and the
      // whole assignment — those values, the strings, the abstract model's Bools — is
      // checked against the exact problem under the concrete reading. Then the exact
      // problem with the pins and strings as constraints.
      const strings = new Map<string, string>();
      for (const [name, c] of stringConstraintsOf(pins)) {
        const value = realiseString(c);
        if (value !== undefined) strings.set(name, value);
      }
      if (strings.size) {
        const rest = pins.filter((pin) => !stringVarsOf(pin).some((name) => strings.has(name)));
        const others = await solveWhole({ defs: new Defs(), given: rest, goal: TRUE, variables: p.variables, ...budget() });
        stats.exactCalls++;
        stats.exactMs += others.ms;
        if (others.status === 'sat') {
          const t = performance.now();
          const candidate = new Map(others.witness);
          for (const [name, sort] of p.variables) if (sort === 'Bool' && typeof abs.witness.get(name) === 'boolean') candidate.set(name, abs.witness.get(name)!);
          for (const [name, value] of strings) candidate.set(name, value);
          for (const [k, x] of part.fixed) candidate.set(k, x);
          const ev = new Evaluator(p.defs, candidate);
          if ([...p.given, ...part.blocks, p.goal].every((g) => ev.bool(g))) exact = { status: 'sat', witness: candidate, bounded: others.bounded, ms: others.ms };
          stats.exactMs += performance.now() - t;
        }
        trace(`${part.label}: ${rest.length} of ${pins.length} pinned atoms to Z3, ${strings.size} strings chosen: ${exact.status === 'sat' ? 'witness' : `no witness (${others.status})`} in ${Math.round(others.ms)} ms`);
      }
      if (exact.status !== 'sat' && strings.size) {
        const fixedStrings = [...strings].map(([name, value]) => eq({ op: 'var', name, sort: 'String' }, str(value)));
        const seeded = await solveWhole({ ...exactProblem, given: [...exactProblem.given, ...pins, ...fixedStrings] });
        stats.exactCalls++;
        stats.exactMs += seeded.ms;
        trace(`${part.label}: exact, ${pins.length} atoms pinned, ${fixedStrings.length} strings chosen: ${seeded.status} in ${Math.round(seeded.ms)} ms`);
        if (seeded.status === 'sat') exact = seeded;
      }
      if (exact.status !== 'sat' && pins.length) {
        const pinned = await solveWhole({ ...exactProblem, given: [...exactProblem.given, ...pins] });
        stats.exactCalls++;
        stats.exactMs += pinned.ms;
        trace(`${part.label}: exact, ${pins.length} atoms pinned: ${pinned.status} in ${Math.round(pinned.ms)} ms`);
        if (pinned.status === 'sat') exact = pinned;
      }
      if (exact.status !== 'sat') {
        exact = await solveWhole(exactProblem);
        stats.exactCalls++;
        stats.exactMs += exact.ms;
        trace(`${part.label}: exact ${exact.status} in ${Math.round(exact.ms)} ms`);
      }
    }
    bounded ||= exact.bounded;
    if (exact.status !== 'sat') {
      if (exact.status === 'unknown') reason ??= exact.reason;
      live = live.filter((x) => x !== part);
      continue;
    }
    if (witnesses.length >= opts.max) return { witnesses, status: 'truncated', bounded, ms: performance.now() - t0, stats };
    let witness = new Map(exact.witness);
    for (const [k, x] of part.fixed) witness.set(k, x);
    if (p.minimize) {
      const tm = performance.now();
      witness = minimizeWitness(p.defs, [...p.given, ...part.blocks, p.goal], p.variables, witness);
      stats.minimizeMs += performance.now() - tm;
    }
    witnesses.push(witness);
    if (!opts.exclude) break;
    part.blocks.push(opts.exclude(witness));
    part.abstract = specializeAbstract(part.src, part.fixed, part.blocks, `#b${++blockCount}:`);
    if (part.abstract.op === 'bool' && !part.abstract.value) live = live.filter((x) => x !== part);
  }
  const status = reason !== undefined ? 'unknown' : 'complete';
  return { witnesses, status, ...(reason !== undefined ? { reason } : {}), bounded, ms: performance.now() - t0, stats };
}


/** Only Bool variables and connectives: no theory left for Z3 to prepare. */
export function propositional(roots: Term[], defs: Defs): boolean {
  let ok = true;
  walk(roots, defs, (t) => {
    if (t.op === 'var' || t.op === 'ref') ok &&= t.sort === 'Bool';
    else if (t.op === 'eq' || t.op === 'ite') ok &&= isBool(t.op === 'eq' ? t.left : t.then);
    else ok &&= t.op === 'bool' || t.op === 'not' || t.op === 'and' || t.op === 'or';
  });
  return ok;
}

/** The theory atoms of a part's abstraction as literals, with the abstract model's values
 *  (atoms whose term reads a definition are left out: their bodies are abstract). */
function pinsOf(abstract: Term, shared: SpecializedDefs, model: Assignment): Term[] {
  const byName = new Map<string, Term>();
  for (const { atom, term } of shared.atoms.values()) if (atom.op === 'var') byName.set(atom.name, term);
  const out: Term[] = [];
  const seen = new Set<string>();
  walk([abstract], shared.defs, (t) => {
    if (t.op !== 'var' || !t.name.startsWith('atom!') || seen.has(t.name)) return;
    seen.add(t.name);
    const term = byName.get(t.name);
    const value = model.get(t.name);
    if (!term || typeof value !== 'boolean' || readsDefinition(term)) return;
    out.push(value ? term : not(term));
  });
  return out;
}

function readsDefinition(t: Term): boolean {
  return t.op === 'ref' || children(t).some(readsDefinition);
}
