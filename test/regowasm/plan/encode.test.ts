// The program encoding: deterministic, compact, and loud on malformed input.
import { describe, expect, it } from 'vitest';
import { encodePolicy, OPCODES } from '../../../src/regowasm/plan/encode.ts';
import type { Policy, Statement } from '../../../src/regowasm/plan/ir.ts';

const sample = (): Policy => ({
  strings: ['result', 'a', 'é🙂'],
  funcs: [{ name: 'f', params: [0, 1], result: 2, locals: 4, memo: true, blocks: [[
    { op: 'Dot', source: { local: 0 }, key: { string: 1 }, target: 3 },
    { op: 'AssignVarOnce', source: { local: 3 }, target: 2, message: 2 },
  ]] }],
  plans: [{ name: 'p/q', locals: 4, blocks: [[
    { op: 'Call', target: { func: 0 }, args: [{ local: 0 }, { local: 1 }], result: 2 },
    { op: 'Call', target: { builtin: 'count' }, args: [{ json: 1 }], result: 3 },
    { op: 'ResultSetAdd', value: 2 },
  ]] }],
});

describe('encodePolicy', () => {
  it('is deterministic and starts with the magic and version', () => {
    const a = encodePolicy(sample()), b = encodePolicy(sample());
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
    expect(Array.from(a.subarray(0, 5))).toEqual([0x52, 0x47, 0x56, 0x4d, 1]);
  });

  it('encodes strings as UTF-8 with LEB128 lengths, and large indexes as multi-byte LEB128', () => {
    const p = sample();
    p.strings = ['x'.repeat(300)];
    const bytes = encodePolicy(p);
    expect(Array.from(bytes.subarray(5, 8))).toEqual([1, 0xac, 0x02]); // count 1, length 300
  });

  it('has one opcode per statement kind', () => {
    expect(new Set(OPCODES).size).toBe(OPCODES.length);
  });

  it('rejects negative or fractional integers and unknown statements', () => {
    const p = sample();
    p.funcs[0]!.result = -1;
    expect(() => encodePolicy(p)).toThrow(/bad unsigned integer/);
    const q = sample();
    q.plans[0]!.blocks[0]!.push({ op: 'Nope' } as unknown as Statement);
    expect(() => encodePolicy(q)).toThrow(/unknown statement/);
  });
});
