/**
 * Limits of the targets, checked at `rolec check` time so that a policy set a target
 * cannot take is a coded error (E07xx) rather than a crash at build or evaluation time.
 *
 * cedar-wasm (4.13) parses, validates and evaluates expressions recursively. Measured
 * (bench/limits.bench.ts): a policy whose `when` is a flat chain `a || b || …` fails
 * from ~365 terms when parsed per call ("memory access out of bounds": the wasm shadow
 * stack), and — the binding limit — from ~115–130 terms when evaluated from the
 * pre-parsed policy set as the runtime does ("Maximum call stack size exceeded": the
 * thread's native stack; ~115 in a vitest worker, ~130 on a main thread). A nested
 * `(a || (b || …))` level costs about three flat terms. rolec's Cedar translation can
 * double a condition's atoms (a presence test before each read of an optional operand)
 * and puts it inside a policy's `when` with the permission's own tests, so the limits
 * below keep a margin of about 1.8× below the worst measured figure. (The Rego side —
 * rule bodies and helper rules — takes far more; Cedar binds.)
 */
import type { Span } from '../diagnostics/types.ts';
import type { Cond } from './ir.ts';
import type { Reporter } from './report.ts';
import { fromTo } from '../syntax/positions.ts';

/** Largest estimated Cedar expression depth of one condition (failure measured at ~115). */
export const MAX_CONDITION_DEPTH = 64;
/** Most patterns in one list (each is a term of one flat `||` chain in Cedar). */
export const MAX_PATTERNS = 50;

/**
 * The depth cedar-wasm's recursion reaches on a condition's translation, in units of one
 * term of a flat `||` chain: an atom is 2 (its presence test and itself); a chain of k
 * arguments adds k − 1 to the deepest argument; a parenthesised level or a `!` costs 3
 * (measured: a nested level costs about three flat terms). Iterative: any depth is safe.
 */
export function conditionDepth(root: Cond): number {
  const depthOf = new Map<Cond, number>();
  const stack: { c: Cond; done: boolean }[] = [{ c: root, done: false }];
  while (stack.length > 0) {
    const top = stack.pop()!;
    const c = top.c;
    const kids = c.kind === 'and' || c.kind === 'or' ? c.args : c.kind === 'not' ? [c.arg] : [];
    if (!top.done && kids.length > 0) {
      stack.push({ c, done: true });
      for (const k of kids) stack.push({ c: k, done: false });
      continue;
    }
    const deepest = kids.reduce((m, k) => Math.max(m, depthOf.get(k) ?? 0), 0);
    depthOf.set(c, kids.length === 0 ? 2 : 3 + (c.kind === 'not' ? 0 : kids.length - 1) + deepest);
  }
  return depthOf.get(root) ?? 0;
}

export function checkConditionSize(cond: Cond, span: Span, place: string, r: Reporter): void {
  const depth = conditionDepth(cond);
  if (depth > MAX_CONDITION_DEPTH) {
    r.error(
      'E0701',
      span,
      `${place} is too large for the Cedar target: its estimated expression depth is ${depth}, the limit is ${MAX_CONDITION_DEPTH} ` +
        '(cedar-wasm overflows its stack on deeper expressions); split it over several rules or use a set (`x in [...]`)',
    );
  }
}

export function checkPatternCount(patterns: readonly { span: Span }[], what: string, r: Reporter): void {
  if (patterns.length <= MAX_PATTERNS) return;
  const first = patterns[0]!.span;
  const last = patterns[patterns.length - 1]!.span;
  r.error(
    'E0702',
    fromTo(first, last),
    `${patterns.length} ${what} patterns in one list; the limit is ${MAX_PATTERNS} (each is a term of one Cedar expression, and cedar-wasm overflows its stack on long ones): split the list over several rules`,
  );
}
