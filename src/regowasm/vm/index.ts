// OPA Wasm ABI 1.2 surface of the Rego VM (see docs/regowasm.md and the OPA SDK's
// src/opa.js for the exact call sequence). The program is decoded once, at
// instantiation (the start function), below the heap pointer the host saves.
import { Value, VObj, VSet, newObj, objPut, vint, vstr, lookupSteps } from "./values";
import { parseJSON, dumpJSON } from "./json";
import { decodeProgram, Program } from "./program";
import { setProgram, runPlan, execSteps } from "./interp";
import { vmAbort } from "./abort";
import { PROGRAM_SLOT } from "./slot";

export const opa_wasm_abi_version: i32 = 1;
export const opa_wasm_abi_minor_version: i32 = 2;

// Every export first resets AS's shadow-stack pointer: an evaluation aborted through
// env.opa_abort (the host throws) never unwinds its shadow-stack frames, so without this
// the stack would creep down into static data after enough aborts. The exports keep no
// managed locals themselves, so they have no frame of their own.
// @ts-ignore: decorator
@inline function enter(): void { __stack_pointer = __heap_base; }

let program: Program = new Program();
{
  let addr = load<u32>(PROGRAM_SLOT, 8);
  if (addr != 0xffffffff) program = decodeProgram(<usize>addr, <usize>load<u32>(PROGRAM_SLOT, 12));
  setProgram(program);
}

export function opa_malloc(size: usize): usize { enter(); return __alloc(size); }
export function opa_free(ptr: usize): void {}
export function opa_heap_ptr_get(): usize { return __heap_ptr_get(); }
export function opa_heap_ptr_set(ptr: usize): void { __heap_ptr_set(ptr); }

export function opa_json_parse(addr: usize, len: usize): usize { enter(); return jsonParse(addr, len); }
function jsonParse(addr: usize, len: usize): usize {
  let v = parseJSON(addr, len);
  return v === null ? 0 : changetype<usize>(v);
}
export function opa_value_parse(addr: usize, len: usize): usize { enter(); return jsonParse(addr, len); }

export function opa_json_dump(addr: usize): usize { enter(); return dumpJSON(changetype<Value>(addr)); }
/** Rego-syntax value dumps are not produced: values are dumped as JSON (sets as arrays). */
export function opa_value_dump(addr: usize): usize { enter(); return dumpJSON(changetype<Value>(addr)); }

// builtins() and entrypoints() return VALUE addresses: the SDK passes them to opa_json_dump.
export function builtins(): usize { enter(); return changetype<usize>(newObj()); }

export function entrypoints(): usize { enter(); return entrypointsImpl(); }
function entrypointsImpl(): usize {
  let o = newObj();
  for (let i = 0; i < program.plans.length; i++) objPut(o, vstr(program.plans[i].name), vint(i));
  return changetype<usize>(o);
}

/** Not part of OPA's ABI (the SDK ignores them): work counters since instantiation —
 *  object-lookup key comparisons (values.ts) and statements executed (interp.ts) — for
 *  tests that a decision's cost does not grow with the size of data (test/regowasm/vm,
 *  test/backends/rego). */
export function rolec_vm_lookup_steps(): u32 { return lookupSteps; }
export function rolec_vm_exec_steps(): u32 { return execSteps; }

// ── evaluation context (the non-fast-path API) ──
@unmanaged class Ctx {
  input: usize;
  data: usize;
  entrypoint: i32;
  result: usize;
}

export function opa_eval_ctx_new(): usize {
  enter();
  let c = changetype<Ctx>(__alloc(offsetof<Ctx>()));
  c.input = 0; c.data = 0; c.entrypoint = 0; c.result = 0;
  return changetype<usize>(c);
}
export function opa_eval_ctx_set_input(ctx: usize, v: usize): void { changetype<Ctx>(ctx).input = v; }
export function opa_eval_ctx_set_data(ctx: usize, v: usize): void { changetype<Ctx>(ctx).data = v; }
export function opa_eval_ctx_set_entrypoint(ctx: usize, e: i32): void { changetype<Ctx>(ctx).entrypoint = e; }
export function opa_eval_ctx_get_result(ctx: usize): usize { return changetype<Ctx>(ctx).result; }

function dataOrEmpty(addr: usize): Value {
  return addr == 0 ? changetype<Value>(newObj()) : changetype<Value>(addr);
}

export function eval(ctx: usize): i32 { enter(); return evalCtx(ctx); }
function evalCtx(ctx: usize): i32 {
  let c = changetype<Ctx>(ctx);
  let input: Value | null = c.input == 0 ? null : changetype<Value>(c.input);
  c.result = changetype<usize>(runPlan(c.entrypoint, input, dataOrEmpty(c.data)));
  return 0;
}

/** ABI 1.2 single-call evaluation: input JSON at [inputAddr, +inputLen), heap from heapPtr. */
export function opa_eval(reserved: i32, entrypoint: i32, data: usize, inputAddr: usize, inputLen: usize, heapPtr: usize, format: i32): usize {
  enter();
  return evalFast(entrypoint, data, inputAddr, inputLen, heapPtr);
}
function evalFast(entrypoint: i32, data: usize, inputAddr: usize, inputLen: usize, heapPtr: usize): usize {
  __heap_ptr_set(heapPtr);
  let input: Value | null = null;
  if (inputLen > 0) {
    input = parseJSON(inputAddr, inputLen);
    if (input === null) vmAbort("rego vm: input is not valid JSON");
  }
  let rs: VSet = runPlan(entrypoint, input, dataOrEmpty(data));
  return dumpJSON(rs);
}
