import { loadPolicy } from '@open-policy-agent/opa-wasm';
import { describe, expect, it } from 'vitest';
import { compileRegoToWasm } from '../../../src/regowasm/index.ts';

// Decoded bytes that are not valid UTF-8 read as Go reads them: each offending byte is
// one U+FFFD rune (utf8.DecodeRune's width-1 RuneError), valid sequences stay intact.
describe('bytes → string (base64.decode)', () => {
  it('counts one rune per invalid byte, as Go does', async () => {
    // 'a', 0xFF, truncated E2 82, overlong C0 AF, stray 0x80, then U+1F600 (4 bytes)
    const bytes = Buffer.from([0x61, 0xff, 0xe2, 0x82, 0xc0, 0xaf, 0x80, 0xf0, 0x9f, 0x98, 0x80]);
    const source = `package t\nimport rego.v1\nn := count(base64.decode("${bytes.toString('base64')}"))\ns := base64.decode("${bytes.toString('base64')}")\n`;
    const { wasm, diagnostics } = compileRegoToWasm({ modules: [{ path: 't.rego', source }], entrypoints: ['t/n', 't/s'] });
    expect(diagnostics).toEqual([]);
    const policy = await loadPolicy(wasm!);
    expect(policy.evaluate({}, 't/n')).toEqual([{ result: 8 }]);
    expect(policy.evaluate({}, 't/s')).toEqual([{ result: 'a\ufffd\ufffd\ufffd\ufffd\ufffd\ufffd\u{1F600}' }]);
  });
});
