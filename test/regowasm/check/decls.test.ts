import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtinType } from '../../../src/regowasm/check/checker.ts';
import { FROM_CAPABILITIES, FROM_DOCS, NEWER_THAN_CAPABILITIES } from '../../../src/regowasm/check/decls.ts';
import { funcFromDecl, parseFunc, printFunc } from '../../../src/regowasm/check/types.ts';
import { vmBuiltinArity } from '../../../src/regowasm/plan/builtins.ts';
import { VM_BUILTINS, VM_BUILTINS_EXTRA } from '../../../src/regowasm/plan/ir.ts';

// The package's exports map hides the file: find it beside the package's entry point.
const entry = createRequire(import.meta.url).resolve('@open-policy-agent/opa-wasm');
const capsFile = join(entry.slice(0, entry.lastIndexOf('/node_modules/@open-policy-agent/opa-wasm/') + '/node_modules/@open-policy-agent/opa-wasm/'.length), 'capabilities.json');
const caps = JSON.parse(readFileSync(capsFile, 'utf8')) as { builtins: { name: string; decl?: Record<string, unknown> }[] };

describe('builtin type declarations (data)', () => {
  it("FROM_CAPABILITIES is exactly OPA's published decls (capabilities.json of @open-policy-agent/opa-wasm)", () => {
    const fromCaps = Object.fromEntries(caps.builtins.filter((b) => b.decl).map((b) => [b.name, printFunc(funcFromDecl(b.decl!))]));
    expect(FROM_CAPABILITIES).toEqual(fromCaps);
  });

  it('FROM_DOCS only declares builtins capabilities.json lacks, and every entry parses and prints back', () => {
    for (const name of Object.keys(FROM_DOCS)) expect(FROM_CAPABILITIES[name], name).toBeUndefined();
    for (const name of Object.keys(NEWER_THAN_CAPABILITIES)) expect(FROM_CAPABILITIES[name], name).toBeDefined();
    for (const [name, text] of Object.entries({ ...FROM_CAPABILITIES, ...FROM_DOCS, ...NEWER_THAN_CAPABILITIES })) expect(printFunc(parseFunc(text)), name).toBe(text);
  });

  it('every builtin the VM implements has a declaration whose arity is the planner\'s', () => {
    const names = [...VM_BUILTINS, ...Object.keys(VM_BUILTINS_EXTRA)];
    const missing = names.filter((n) => builtinType(n) === undefined);
    expect(missing).toEqual([]);
    const arity = names.filter((n) => builtinType(n)!.args.length !== vmBuiltinArity(n)).map((n) => `${n}: ${builtinType(n)!.args.length} vs ${vmBuiltinArity(n)}`);
    expect(arity).toEqual([]);
  });
});
