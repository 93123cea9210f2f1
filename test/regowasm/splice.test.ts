// The splicer on its own: valid output, layout self-checks, clear errors.
import { describe, expect, it } from 'vitest';
import { encodePolicy } from '../../src/regowasm/plan/encode.ts';
import { spliceProgram } from '../../src/regowasm/splice.ts';
import { loadVmWasm } from '../../src/regowasm/vm-file.ts';

const empty = encodePolicy({ strings: [], funcs: [], plans: [] });

describe('spliceProgram', () => {
  it('produces a valid module that differs from the VM only by the program', () => {
    const out = spliceProgram(empty, loadVmWasm());
    expect(WebAssembly.validate(out)).toBe(true);
    expect(out.length).toBeGreaterThan(loadVmWasm().length);
    expect(out.length - loadVmWasm().length).toBeLessThan(200 + empty.length);
  });

  it('rejects bytes that are not a wasm module, or a module without the program slot', () => {
    expect(() => spliceProgram(empty, new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8]))).toThrow(/not a wasm module/);
    // (module (memory 1) (data (i32.const 0) "x")) with type/func/code sections
    const tiny = new Uint8Array([
      0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
      0x01, 0x04, 0x01, 0x60, 0x00, 0x00, // type: () -> ()
      0x03, 0x02, 0x01, 0x00, // func 0: type 0
      0x05, 0x03, 0x01, 0x00, 0x01, // memory min 1
      0x0a, 0x04, 0x01, 0x02, 0x00, 0x0b, // code: empty body
      0x0b, 0x07, 0x01, 0x00, 0x41, 0x00, 0x0b, 0x01, 0x78, // data: "x" at 0
    ]);
    expect(WebAssembly.validate(tiny)).toBe(true);
    expect(() => spliceProgram(empty, tiny)).toThrow(/program slot not found/);
  });
});
