/**
 * Parse speed on a generated 10,000-role file (the target is "well under a second" on
 * an idle machine; the bound here is loose because the test machine is shared — it
 * catches accidental quadratic behaviour, which would take minutes at this size).
 * The measured time is printed for the record.
 */
import { describe, expect, it } from 'vitest';
import { parseRoleFile } from '../../src/syntax/index.ts';

export function generateRoles(n: number): string {
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    out.push(
      i % 2 === 0
        ? `role r${i} {\n  cluster monitor\n  index "logs-${i}-*" { privileges read, view_index_metadata }\n}\n`
        : `role r${i} includes r${i - 1} {\n  description "role ${i}"\n  index "app-${i}-*" except "app-${i}-x" {\n    privileges read\n    documents where document.level <= user.clearance && "a" in user.tags\n  }\n}\nuser "u${i}" roles r${i}\n`,
    );
  }
  return out.join('\n');
}

describe('parse speed', () => {
  it('parses 10,000 generated roles without diagnostics, in linear time', () => {
    const text = generateRoles(10_000);
    parseRoleFile('warmup.role', generateRoles(500));
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    const { ast, diagnostics } = parseRoleFile('gen.role', text);
    const cpu = process.cpuUsage(c0);
    const ms = performance.now() - t0;
    console.log(`parsed 10,000 roles (${(text.length / 1e6).toFixed(2)} MB, ${text.split('\n').length} lines) in ${ms.toFixed(0)} ms wall, ${((cpu.user + cpu.system) / 1000).toFixed(0)} ms CPU`);
    expect(diagnostics).toEqual([]);
    expect(ast.declarations.filter((d) => d.kind === 'role')).toHaveLength(10_000);
    // Quadratic behaviour would take minutes here; these bounds only absorb machine load.
    expect((cpu.user + cpu.system) / 1000).toBeLessThan(10_000);
    expect(ms).toBeLessThan(30_000);
  });
});
