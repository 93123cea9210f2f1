/**
 * Shrinks a witness: greedy steps that keep every constraint of the problem true under
 * the concrete reading (eval.ts) — optional things absent, set elements removed, string
 * characters removed, remaining characters replaced by `a`, integers moved to 0.
 * (Z3's Optimize with the same cost took ~1 min per witness on this machine; this takes
 * milliseconds and its result is replayed on both engines like any witness.)
 */
import { Evaluator, type Assignment, type Value } from './eval.ts';
import type { Defs, Sort, Term } from './term.ts';

export function minimizeWitness(defs: Defs, constraints: readonly Term[], vars: ReadonlyMap<string, Sort>, witness: Assignment): Map<string, Value> {
  const env = new Map(witness);
  const holds = () => {
    const ev = new Evaluator(defs, env);
    return constraints.every((c) => ev.bool(c));
  };
  if (!holds()) throw new Error('witness does not satisfy its own problem (concrete reading)');
  const attempt = (name: string, value: Value): boolean => {
    const old = env.get(name)!;
    env.set(name, value);
    if (holds()) return true;
    env.set(name, old);
    return false;
  };
  const names = [...vars.keys()].filter((n) => env.has(n)).sort();
  for (const name of names) if (name.startsWith('has:') && env.get(name) === true) attempt(name, false);
  for (const name of names) {
    const sort = vars.get(name)!;
    if (sort === 'StrSet' || sort === 'IntSet') {
      for (const x of [...(env.get(name) as ReadonlySet<string | bigint>)]) {
        const next = new Set(env.get(name) as ReadonlySet<string | bigint>);
        next.delete(x);
        attempt(name, next as ReadonlySet<string>);
      }
    } else if (sort === 'String') {
      let s = [...(env.get(name) as string)];
      for (let i = s.length - 1; i >= 0; i--) {
        const shorter = [...s.slice(0, i), ...s.slice(i + 1)];
        if (attempt(name, shorter.join(''))) s = shorter;
      }
      for (let i = 0; i < s.length; i++) {
        if (s[i] === 'a') continue;
        const plain = [...s];
        plain[i] = 'a';
        if (attempt(name, plain.join(''))) s = plain;
      }
    } else if (sort === 'Int' && name !== 'r.type' && env.get(name) !== 0n) attempt(name, 0n);
  }
  return env;
}
