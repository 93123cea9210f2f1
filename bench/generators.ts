/**
 * Hostile role graphs (issue 12), as `.role` sources — shared by the scale benchmarks
 * (bench/scale.bench.ts) and the tests that build them (test/backends/scale.test.ts):
 *
 *  - includeChain(n): c0 includes c1 … includes c{n-1}; every tenth link has a role-level
 *    where (`context.mfa`); the last role grants read on "chain-*"; user "head" holds c0.
 *  - guardedLattice(n): r_i includes a_i and b_i; a_i is guarded by `context.mfa`, b_i by
 *    `user.level >= i`; both include r_{i+1}; r_n grants read on "lattice-*"; user "top"
 *    holds r_0. So r_n is active iff mfa or level ≥ n − 1 — and a compiler that
 *    enumerates guard sets meets 2^n of them.
 *  - hugeCondition(terms, op): one role whose where has `terms` atoms joined by op.
 */
export type Sources = { path: string; text: string }[];

const SCHEMA = 'schema {\n  user { level: Long }\n  context { mfa: Bool }\n}\n';

export function includeChain(n: number): Sources {
  const lines: string[] = [SCHEMA];
  for (let i = 0; i < n; i++) {
    const inc = i + 1 < n ? ` includes c${i + 1}` : '';
    const body = [];
    if (i % 10 === 5) body.push('  where context.mfa');
    if (i === n - 1) body.push('  index "chain-*" { privileges read }');
    lines.push(`role c${i}${inc} {`, ...body, '}');
  }
  lines.push('user "head" roles c0', 'user "tail" roles c' + (n - 1));
  return [{ path: 'chain.role', text: lines.join('\n') + '\n' }];
}

export function guardedLattice(n: number): Sources {
  const lines: string[] = [SCHEMA];
  for (let i = 0; i < n; i++) {
    lines.push(`role r${i} includes a${i}, b${i} {}`);
    lines.push(`role a${i} includes r${i + 1} {`, '  where context.mfa', '}');
    lines.push(`role b${i} includes r${i + 1} {`, `  where user.level >= ${i}`, '}');
  }
  lines.push(`role r${n} {`, '  index "lattice-*" { privileges read }', '}');
  lines.push('user "top" roles r0');
  return [{ path: 'lattice.role', text: lines.join('\n') + '\n' }];
}

export function hugeCondition(terms: number, op: '&&' | '||'): Sources {
  const atoms = Array.from({ length: terms }, (_, i) => `user.level ${op === '||' ? '==' : '!='} ${i}`);
  const text = `${SCHEMA}role big {\n  where ${atoms.join(` ${op} `)}\n  cluster monitor\n}\nuser "u" roles big\n`;
  return [{ path: 'big.role', text }];
}
