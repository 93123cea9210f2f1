// The IR interpreter. Control-flow signals (see plan/ir.ts "Execution model"):
// a statement returns -1 to continue, or k >= 0 to leave the current block and k more.
// runBlock returns -1 when the block ran to its end, else the k that left it.
import {
  Value, VArr, VObj, VSet, VNum, VStr, T_ARR, T_OBJ, T_SET, T_STR, T_NUM,
  compare, equal, objGet, objPut, setAdd, setHas, search, newObj, newSet, vint, runeCount,
} from "./values";
import {
  Program, Func, Stmt, Opnd,
  OP_BLOCK, OP_BREAK, OP_SCAN, OP_NOT, OP_ABORT, OP_CALL, OP_RESULT, OP_ASSIGN, OP_ASSIGN_ONCE,
  OP_RESET, OP_RETURN, OP_DOT, OP_LEN, OP_EQ, OP_NE, OP_LT, OP_LE, OP_GT, OP_GE, OP_IS_DEF,
  OP_IS_UNDEF, OP_IS_ARR, OP_IS_OBJ, OP_IS_SET, OP_MAKE_ARR, OP_MAKE_OBJ, OP_MAKE_SET,
  OP_ARR_APPEND, OP_OBJ_INSERT, OP_OBJ_INSERT_ONCE, OP_SET_ADD, OP_OBJ_MERGE,
} from "./program";
import { callBuiltin } from "./builtins";
import { vmAbort } from "./abort";

const MSG_VAR_CONFLICT = "eval_conflict_error: complete rules must not produce multiple outputs";
const MSG_OBJ_CONFLICT = "eval_conflict_error: object keys must be unique";

let prog: Program = new Program();
let resultSet: VSet = newSet();
let epoch: i32 = 0;

export function setProgram(p: Program): void { prog = p; }

// Builtins never call back into the interpreter and keep no reference to their argument
// array, so one preallocated array per arity (made at instantiation) serves every call.
const ARGS: StaticArray<StaticArray<Value>> = makeArgBuffers();
function makeArgBuffers(): StaticArray<StaticArray<Value>> {
  let a = new StaticArray<StaticArray<Value>>(5);
  for (let i = 0; i < 5; i++) a[i] = new StaticArray<Value>(i);
  return a;
}
@inline function argBuffer(n: i32): StaticArray<Value> {
  return n < 5 ? unchecked(ARGS[n]) : new StaticArray<Value>(n);
}

type Frame = StaticArray<Value | null>;

@inline function val(o: Opnd, f: Frame): Value | null {
  return o.local >= 0 ? unchecked(f[o.local]) : o.value;
}

/** Runs plan `id`; returns the result set (a set of result objects). */
export function runPlan(id: i32, input: Value | null, data: Value): VSet {
  if (id < 0 || id >= prog.plans.length) vmAbort("rego vm: invalid entrypoint id " + id.toString());
  epoch++;
  resultSet = newSet();
  let plan = prog.plans[id];
  let f = new StaticArray<Value | null>(max(plan.locals, 2));
  f[0] = input;
  f[1] = data;
  let bs = plan.blocks;
  for (let i = 0; i < bs.length; i++) runBlock(unchecked(bs[i]), f);
  return resultSet;
}

function callFunc(fn: Func, args: Array<Opnd>, caller: Frame): Value | null {
  if (fn.memo && fn.memoEpoch == epoch) return fn.memoValue;
  let f = new StaticArray<Value | null>(fn.locals);
  let ps = fn.params;
  // Undefined args pass through as undefined (e.g. a rule function's input param when
  // no input was given); the body's own tests decide.
  for (let i = 0; i < ps.length; i++) unchecked(f[unchecked(ps[i])] = val(unchecked(args[i]), caller));
  let bs = fn.blocks;
  for (let i = 0; i < bs.length; i++) runBlock(unchecked(bs[i]), f);
  let r = unchecked(f[fn.result]);
  if (fn.memo) { fn.memoEpoch = epoch; fn.memoValue = r; }
  return r;
}

function runBlock(b: Array<Stmt>, f: Frame): i32 {
  for (let i = 0; i < b.length; i++) {
    let r = exec(unchecked(b[i]), f);
    if (r >= 0) return r;
  }
  return -1;
}

function dot(src: Value, key: Value): Value | null {
  let t = src.t;
  if (t == T_OBJ) return objGet(changetype<VObj>(src), key);
  if (t == T_ARR) {
    if (key.t != T_NUM) return null;
    let n = changetype<VNum>(key);
    let idx: i64;
    if (n.isInt) idx = n.i;
    else { if (n.f != Math.floor(n.f)) return null; idx = <i64>n.f; }
    let items = changetype<VArr>(src).items;
    if (idx < 0 || idx >= <i64>items.length) return null;
    return unchecked(items[<i32>idx]);
  }
  if (t == T_SET) return setHas(changetype<VSet>(src), key) ? key : null;
  return null;
}

/** Recursive merge; a's values win on conflicts between non-objects. */
export function mergeObjects(a: VObj, b: VObj): VObj {
  let out = new VObj(a.keys.slice(0), a.vals.slice(0));
  for (let i = 0; i < b.keys.length; i++) {
    let k = unchecked(b.keys[i]);
    let bv = unchecked(b.vals[i]);
    let j = search(out.keys, k);
    if (j < 0) { objPut(out, k, bv); continue; }
    let av = unchecked(out.vals[j]);
    if (av.t == T_OBJ && bv.t == T_OBJ) unchecked(out.vals[j] = mergeObjects(changetype<VObj>(av), changetype<VObj>(bv)));
  }
  return out;
}

function scan(s: Stmt, f: Frame): i32 {
  let src = val(s.a!, f);
  if (src === null) return 0;
  let body = s.block!;
  let t = src.t;
  if (t == T_ARR) {
    let items = changetype<VArr>(src).items;
    for (let i = 0; i < items.length; i++) {
      unchecked(f[s.x] = vint(i));
      unchecked(f[s.y] = unchecked(items[i]));
      let r = runBlock(body, f);
      if (r > 0) return r - 1;
    }
  } else if (t == T_OBJ) {
    let o = changetype<VObj>(src);
    for (let i = 0; i < o.keys.length; i++) {
      unchecked(f[s.x] = unchecked(o.keys[i]));
      unchecked(f[s.y] = unchecked(o.vals[i]));
      let r = runBlock(body, f);
      if (r > 0) return r - 1;
    }
  } else if (t == T_SET) {
    let items = changetype<VSet>(src).items;
    for (let i = 0; i < items.length; i++) {
      let e = unchecked(items[i]);
      unchecked(f[s.x] = e);
      unchecked(f[s.y] = e);
      let r = runBlock(body, f);
      if (r > 0) return r - 1;
    }
  }
  return -1;
}

/** Statements executed since instantiation: exported (rolec_vm_exec_steps) so tests can
 *  check that a decision's work does not grow with the size of data (a scan would). */
export let execSteps: u32 = 0;

function exec(s: Stmt, f: Frame): i32 {
  execSteps++;
  switch (s.op) {
    case OP_DOT: {
      let src = val(s.a!, f), key = val(s.b!, f);
      if (src === null || key === null) return 0;
      let r = dot(src, key);
      if (r === null) return 0;
      unchecked(f[s.x] = r);
      return -1;
    }
    case OP_EQ: case OP_NE: case OP_LT: case OP_LE: case OP_GT: case OP_GE: {
      let a = val(s.a!, f), b = val(s.b!, f);
      if (a === null || b === null) return 0;
      let c = compare(a, b);
      let ok: bool;
      switch (s.op) {
        case OP_EQ: ok = c == 0; break;
        case OP_NE: ok = c != 0; break;
        case OP_LT: ok = c < 0; break;
        case OP_LE: ok = c <= 0; break;
        case OP_GT: ok = c > 0; break;
        default: ok = c >= 0;
      }
      return ok ? -1 : 0;
    }
    case OP_ASSIGN: {
      let v = val(s.a!, f);
      if (v === null) return 0;
      unchecked(f[s.x] = v);
      return -1;
    }
    case OP_CALL: {
      let args = s.args!;
      let r: Value | null;
      if (s.y == 0) r = callFunc(unchecked(prog.funcs[s.x]), args, f);
      else {
        let vs = argBuffer(args.length);
        for (let i = 0; i < args.length; i++) {
          let v = val(unchecked(args[i]), f);
          if (v === null) return 0;
          unchecked(vs[i] = v);
        }
        r = callBuiltin(s.x, vs);
      }
      if (r === null) return 0;
      unchecked(f[s.c!.local] = r);
      return -1;
    }
    case OP_SCAN: return scan(s, f);
    case OP_BLOCK: {
      let bs = s.blocks!;
      for (let i = 0; i < bs.length; i++) {
        let r = runBlock(unchecked(bs[i]), f);
        if (r > 0) return r - 1;
      }
      return -1;
    }
    case OP_BREAK: return s.x;
    case OP_NOT: {
      let r = runBlock(s.block!, f);
      if (r == -1) return 0;
      if (r == 0) return -1;
      return r - 1;
    }
    case OP_ABORT: vmAbort(s.msg!); return 0;
    case OP_RESULT: {
      let v = unchecked(f[s.x]);
      if (v === null) return 0;
      setAdd(resultSet, v);
      return -1;
    }
    case OP_ASSIGN_ONCE: {
      let v = val(s.a!, f);
      if (v === null) return 0;
      let cur = unchecked(f[s.x]);
      if (cur === null) { unchecked(f[s.x] = v); return -1; }
      if (!equal(cur, v)) vmAbort(s.msg !== null ? s.msg! : MSG_VAR_CONFLICT);
      return -1;
    }
    case OP_RESET: unchecked(f[s.x] = null); return -1;
    case OP_RETURN: return -1;
    case OP_LEN: {
      let v = val(s.a!, f);
      if (v === null) return 0;
      let n: i32;
      switch (v.t) {
        case T_ARR: n = changetype<VArr>(v).items.length; break;
        case T_OBJ: n = changetype<VObj>(v).keys.length; break;
        case T_SET: n = changetype<VSet>(v).items.length; break;
        case T_STR: n = runeCount(changetype<VStr>(v).s); break;
        default: return 0;
      }
      unchecked(f[s.x] = vint(n));
      return -1;
    }
    case OP_IS_DEF: return unchecked(f[s.x]) !== null ? -1 : 0;
    case OP_IS_UNDEF: return unchecked(f[s.x]) === null ? -1 : 0;
    case OP_IS_ARR: { let v = val(s.a!, f); return v !== null && v.t == T_ARR ? -1 : 0; }
    case OP_IS_OBJ: { let v = val(s.a!, f); return v !== null && v.t == T_OBJ ? -1 : 0; }
    case OP_IS_SET: { let v = val(s.a!, f); return v !== null && v.t == T_SET ? -1 : 0; }
    case OP_MAKE_ARR: unchecked(f[s.x] = new VArr(new Array<Value>())); return -1;
    case OP_MAKE_OBJ: unchecked(f[s.x] = newObj()); return -1;
    case OP_MAKE_SET: unchecked(f[s.x] = newSet()); return -1;
    case OP_ARR_APPEND: {
      let v = val(s.a!, f), arr = unchecked(f[s.x]);
      if (v === null || arr === null || arr.t != T_ARR) return 0;
      changetype<VArr>(arr).items.push(v);
      return -1;
    }
    case OP_OBJ_INSERT: case OP_OBJ_INSERT_ONCE: {
      let k = val(s.a!, f), v = val(s.b!, f), o = unchecked(f[s.x]);
      if (k === null || v === null || o === null || o.t != T_OBJ) return 0;
      let old = objPut(changetype<VObj>(o), k, v);
      if (s.op == OP_OBJ_INSERT_ONCE && old !== null && !equal(old, v)) {
        vmAbort(s.msg !== null ? s.msg! : MSG_OBJ_CONFLICT);
      }
      return -1;
    }
    case OP_SET_ADD: {
      let v = val(s.a!, f), st = unchecked(f[s.x]);
      if (v === null || st === null || st.t != T_SET) return 0;
      setAdd(changetype<VSet>(st), v);
      return -1;
    }
    case OP_OBJ_MERGE: {
      let a = val(s.a!, f), b = val(s.b!, f);
      if (a === null || b === null || a.t != T_OBJ || b.t != T_OBJ) return 0;
      unchecked(f[s.x] = mergeObjects(changetype<VObj>(a), changetype<VObj>(b)));
      return -1;
    }
  }
  return -1;
}
