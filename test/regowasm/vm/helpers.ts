// Test helpers: build planner-IR policies by hand, encode + splice them into the VM and
// load the result with the real OPA SDK (both loaders).
import { createRequire } from 'node:module';
import type { loadPolicy as LoadPolicyFn } from '@open-policy-agent/opa-wasm';
import type { Block, Func, Operand, Policy, Statement } from '../../../src/regowasm/plan/ir.ts';
import { encodePolicy } from '../../../src/regowasm/plan/encode.ts';
import { spliceProgram } from '../../../src/regowasm/splice.ts';
import { loadVmWasm } from '../../../src/regowasm/vm-file.ts';

export type LoadedPolicy = Awaited<ReturnType<typeof LoadPolicyFn>>;
// The package's ESM entry only re-exports loadPolicy; take both loaders from the CJS entry.
const opa = createRequire(import.meta.url)('@open-policy-agent/opa-wasm') as {
  loadPolicy: typeof LoadPolicyFn;
  loadPolicySync: (wasm: BufferSource) => LoadedPolicy;
};

/** Interns strings so hand-written programs stay readable. */
export class Strings {
  readonly list: string[] = [];
  idx(s: string): number {
    let i = this.list.indexOf(s);
    if (i < 0) { i = this.list.length; this.list.push(s); }
    return i;
  }
  str(s: string): Operand { return { string: this.idx(s) }; }
  num(text: string): Operand { return { number: this.idx(text) }; }
  json(v: unknown): Operand { return { json: this.idx(JSON.stringify(v)) }; }
}

export const L = (local: number): Operand => ({ local });

/** `result` object {"result": <local>} added to the result set, using scratch local `tmp`. */
export function emitResult(S: Strings, value: number, tmp: number): Statement[] {
  return [
    { op: 'MakeObject', target: tmp },
    { op: 'ObjectInsert', key: S.str('result'), value: L(value), object: tmp },
    { op: 'ResultSetAdd', value: tmp },
  ];
}

/** A policy with one plan per entry: name → blocks; funcs optional. */
export function policy(S: Strings, plans: Record<string, { locals: number; blocks: Block[] }>, funcs: Func[] = []): Policy {
  return {
    strings: S.list,
    funcs,
    plans: Object.entries(plans).map(([name, p]) => ({ name, locals: p.locals, blocks: p.blocks })),
  };
}

export function wasmOf(p: Policy): Uint8Array<ArrayBuffer> {
  return spliceProgram(encodePolicy(p), loadVmWasm());
}

export async function load(p: Policy): Promise<LoadedPolicy> {
  return opa.loadPolicy(wasmOf(p));
}

export function loadSync(p: Policy): LoadedPolicy {
  return opa.loadPolicySync(wasmOf(p));
}

/** Forces the SDK's ctx path (opa_eval_ctx_* + eval) by pretending ABI minor < 2. */
export function viaCtxPath(pol: LoadedPolicy): LoadedPolicy {
  (pol as unknown as { minorVersion: number }).minorVersion = 1;
  return pol;
}

/** One policy with a plan per case: plan `c<i>` returns builtin(args…) as {"result": v}. */
export function builtinTable(cases: { name: string; args: unknown[] }[]): Policy {
  const S = new Strings();
  const plans: Record<string, { locals: number; blocks: Block[] }> = {};
  cases.forEach((c, i) => {
    plans[`c${i}`] = {
      locals: 4,
      blocks: [[
        { op: 'Call', target: { builtin: c.name }, args: c.args.map((a) => S.json(a)), result: 2 },
        ...emitResult(S, 2, 3),
      ]],
    };
  });
  return policy(S, plans);
}

/** A builtin call with its expected value (undefined = no result: an error or no value). */
export type BuiltinCase = [name: string, args: unknown[], want: unknown];

/** Runs a table of builtin calls; returns the calls whose value differs from `want`. */
export async function builtinMismatches(cases: BuiltinCase[]): Promise<{ call: string; want: unknown; got: unknown }[]> {
  const got = await runTable(cases.map(([name, args]) => ({ name, args })));
  return cases
    .map(([name, args, want], i) => ({ call: `${name}(${JSON.stringify(args).slice(1, -1)})`, want, got: got[i] }))
    .filter((m) => JSON.stringify(m.got) !== JSON.stringify(m.want));
}

/** Runs a builtin table; returns each case's value (undefined when the result set is empty). */
export async function runTable(cases: { name: string; args: unknown[] }[]): Promise<unknown[]> {
  const pol = await load(builtinTable(cases));
  return cases.map((_, i) => {
    const rs = pol.evaluate(null, `c${i}`) as { result: unknown }[];
    return rs.length ? rs[0]!.result : undefined;
  });
}
