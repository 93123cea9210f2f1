import { describe, expect, it } from 'vitest';
import { isKnownOpaBuiltin, vmBuiltinArity } from '../../../src/regowasm/plan/builtins.ts';
import { VM_BUILTINS, VM_BUILTINS_EXTRA } from '../../../src/regowasm/plan/ir.ts';

describe('planner builtin table', () => {
  it('knows the arity of every builtin the VM implements (else output arguments cannot be told apart)', () => {
    const missing = [...VM_BUILTINS, ...Object.keys(VM_BUILTINS_EXTRA)].filter((b) => vmBuiltinArity(b) === undefined);
    expect(missing).toEqual([]);
  });

  it('only builtins the VM lists are callable; other OPA builtins are known (→ RG201, not RG203)', () => {
    expect(vmBuiltinArity('glob.match')).toBe(3);
    expect(vmBuiltinArity('http.send')).toBeUndefined();
    expect(isKnownOpaBuiltin('http.send')).toBe(true);
    expect(isKnownOpaBuiltin('no.such')).toBe(false);
  });
});
