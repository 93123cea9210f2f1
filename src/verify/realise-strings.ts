/**
 * Strings for an abstract model: once the propositional check has chosen which patterns a
 * string variable matches and which literals it equals (`x like P` true or false,
 * `x = "lit"` true or false), a string meeting all of them is usually one of a few
 * obvious candidates — a matched pattern with its `*`s filled by nothing or one
 * character. Z3's string solver took seconds per witness on the same question; these
 * candidates are tested with the concrete matcher in microseconds. The values only seed
 * Z3's exact problem (which must still say sat, and whose witness is replayed), so a poor
 * choice costs a fallback, never soundness.
 */
import { wildcardMatch } from '../semantics/patterns.ts';
import { children, type Term } from './term.ts';

export interface StringConstraints {
  /** Patterns the string must match / must not match. */
  matches: string[];
  avoids: string[];
  /** A literal it must equal, and literals it must differ from. */
  equals?: string;
  /** Two different literals it must equal. */
  conflict?: boolean;
  differs: string[];
}

const FILLERS = ['', 'a', 'z', '0', '-', 'aa', 'x0'];

function meets(s: string, c: StringConstraints): boolean {
  return (
    (c.equals === undefined || s === c.equals) &&
    !c.differs.includes(s) &&
    c.matches.every((p) => wildcardMatch(p, s)) &&
    !c.avoids.some((p) => wildcardMatch(p, s))
  );
}

/** A string meeting the constraints, or undefined when no candidate does. */
export function realiseString(c: StringConstraints): string | undefined {
  if (c.conflict) return undefined;
  if (c.equals !== undefined) return meets(c.equals, c) ? c.equals : undefined;
  const bases = c.matches.length ? c.matches : ['*'];
  for (const filler of FILLERS) {
    for (const base of bases) {
      const s = base.split('*').join(filler);
      if (meets(s, c)) return s;
    }
  }
  return undefined;
}

/**
 * Groups pinned literals (`x like P`, `x = "lit"`, or their negations) by string
 * variable; a variable with any other pinned atom over it is left out (Z3 decides it).
 */
export function stringConstraintsOf(pins: readonly Term[]): Map<string, StringConstraints> {
  const out = new Map<string, StringConstraints>();
  const excluded = new Set<string>();
  const get = (name: string) => {
    let c = out.get(name);
    if (!c) out.set(name, (c = { matches: [], avoids: [], differs: [] }));
    return c;
  };
  for (const pin of pins) {
    const positive = pin.op !== 'not';
    const atom = pin.op === 'not' ? pin.arg : pin;
    if (atom.op === 'like' && atom.arg.op === 'var' && atom.arg.sort === 'String') {
      (positive ? get(atom.arg.name).matches : get(atom.arg.name).avoids).push(atom.pattern);
      continue;
    }
    if (atom.op === 'eq') {
      const [x, lit] = atom.right.op === 'str' ? [atom.left, atom.right] : [atom.right, atom.left];
      if (x.op === 'var' && x.sort === 'String' && lit.op === 'str') {
        const c = get(x.name);
        if (!positive) c.differs.push(lit.value);
        else if (c.equals !== undefined && c.equals !== lit.value) c.conflict = true;
        else c.equals = lit.value;
        continue;
      }
    }
    for (const name of stringVarsOf(atom)) excluded.add(name);
  }
  for (const name of excluded) out.delete(name);
  return out;
}

/** The string variables a term reads. */
export function stringVarsOf(t: Term): string[] {
  if (t.op === 'var') return t.sort === 'String' ? [t.name] : [];
  return children(t).flatMap(stringVarsOf);
}
