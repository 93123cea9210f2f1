// Decodes the spliced program bytes (format: src/regowasm/plan/encode.ts) once, at
// instantiation, into objects that live below the heap pointer the host saves — so
// they survive every heap reset. Constants are materialised as Values here too.
import { Value, VStr, NULL, TRUE, FALSE } from "./values";
import { numberFromText, parseJSONString } from "./json";
import { builtinId } from "./builtin_names";
import { vmAbort } from "./abort";

// opcodes (same order as OPCODES in encode.ts)
export const OP_BLOCK = 0, OP_BREAK = 1, OP_SCAN = 2, OP_NOT = 3, OP_ABORT = 4,
  OP_CALL = 5, OP_RESULT = 6, OP_ASSIGN = 7, OP_ASSIGN_ONCE = 8, OP_RESET = 9, OP_RETURN = 10,
  OP_DOT = 11, OP_LEN = 12, OP_EQ = 13, OP_NE = 14, OP_LT = 15, OP_LE = 16, OP_GT = 17, OP_GE = 18,
  OP_IS_DEF = 19, OP_IS_UNDEF = 20, OP_IS_ARR = 21, OP_IS_OBJ = 22, OP_IS_SET = 23,
  OP_MAKE_ARR = 24, OP_MAKE_OBJ = 25, OP_MAKE_SET = 26, OP_ARR_APPEND = 27, OP_OBJ_INSERT = 28,
  OP_OBJ_INSERT_ONCE = 29, OP_SET_ADD = 30, OP_OBJ_MERGE = 31;

/** An operand: a local slot (local >= 0) or a constant value (local == -1). */
export class Opnd {
  constructor(public local: i32, public value: Value | null) {}
}

export class Stmt {
  op: i32 = 0;
  a: Opnd | null = null;
  b: Opnd | null = null;
  c: Opnd | null = null;
  /** target / key local / index / func index / builtin id / message index */
  x: i32 = 0;
  y: i32 = 0;
  block: Array<Stmt> | null = null;
  blocks: Array<Array<Stmt>> | null = null;
  args: Array<Opnd> | null = null;
  msg: string | null = null;
}

export class Func {
  name: string = "";
  params: Array<i32> = [];
  result: i32 = 0;
  locals: i32 = 0;
  memo: bool = false;
  blocks: Array<Array<Stmt>> = [];
  memoEpoch: i32 = -1;
  memoValue: Value | null = null;
}

export class Plan {
  name: string = "";
  locals: i32 = 0;
  blocks: Array<Array<Stmt>> = [];
}

export class Program {
  strings: Array<string> = [];
  funcs: Array<Func> = [];
  plans: Array<Plan> = [];
}

let p: usize = 0;
let end: usize = 0;

function bad(what: string): void { vmAbort("rego vm: malformed program (" + what + ")"); }

function byte(): i32 {
  if (p >= end) bad("truncated");
  return <i32>load<u8>(p++);
}

function u(): i32 {
  let r: u32 = 0, shift: u32 = 0;
  while (true) {
    let b = <u32>byte();
    r |= (b & 0x7f) << shift;
    if ((b & 0x80) == 0) break;
    shift += 7;
  }
  return <i32>r;
}

function str(): string {
  let n = <usize>u();
  if (p + n > end) bad("string");
  let s = String.UTF8.decodeUnsafe(p, n, false);
  p += n;
  return s;
}

let prog: Program = new Program();

function stringAt(i: i32): string {
  if (i < 0 || i >= prog.strings.length) bad("string index");
  return prog.strings[i];
}

function operand(): Opnd {
  let tag = byte();
  switch (tag) {
    case 0: return new Opnd(u(), null);
    case 1: return new Opnd(-1, FALSE);
    case 2: return new Opnd(-1, TRUE);
    case 3: return new Opnd(-1, NULL);
    case 4: return new Opnd(-1, numberFromText(stringAt(u())));
    case 5: return new Opnd(-1, new VStr(stringAt(u())));
    case 6: {
      let v = parseJSONString(stringAt(u()));
      if (v === null) bad("json constant");
      return new Opnd(-1, v);
    }
  }
  bad("operand tag");
  return new Opnd(-1, NULL);
}

function message(s: Stmt): void {
  let m = u();
  if (m > 0) s.msg = stringAt(m - 1);
}

function block(): Array<Stmt> {
  let n = u();
  let out = new Array<Stmt>();
  for (let i = 0; i < n; i++) out.push(stmt());
  return out;
}

function blocks(): Array<Array<Stmt>> {
  let n = u();
  let out = new Array<Array<Stmt>>();
  for (let i = 0; i < n; i++) out.push(block());
  return out;
}

function stmt(): Stmt {
  let s = new Stmt();
  let op = byte();
  s.op = op;
  switch (op) {
    case OP_BLOCK: s.blocks = blocks(); break;
    case OP_BREAK: s.x = u(); break;
    case OP_SCAN: s.a = operand(); s.x = u(); s.y = u(); s.block = block(); break;
    case OP_NOT: s.block = block(); break;
    case OP_ABORT: s.msg = stringAt(u()); break;
    case OP_CALL: {
      let kind = byte();
      if (kind == 0) { s.y = 0; s.x = u(); }
      else {
        s.y = 1;
        let name = str();
        s.x = builtinId(name);
        if (s.x < 0) bad("unknown builtin " + name);
      }
      let n = u();
      let args = new Array<Opnd>();
      for (let i = 0; i < n; i++) args.push(operand());
      s.args = args;
      s.c = new Opnd(u(), null); // result local kept in c.local
      break;
    }
    case OP_RESULT: s.x = u(); break;
    case OP_ASSIGN: s.a = operand(); s.x = u(); break;
    case OP_ASSIGN_ONCE: s.a = operand(); s.x = u(); message(s); break;
    case OP_RESET: s.x = u(); break;
    case OP_RETURN: s.x = u(); break;
    case OP_DOT: s.a = operand(); s.b = operand(); s.x = u(); break;
    case OP_LEN: s.a = operand(); s.x = u(); break;
    case OP_EQ: case OP_NE: case OP_LT: case OP_LE: case OP_GT: case OP_GE:
      s.a = operand(); s.b = operand(); break;
    case OP_IS_DEF: case OP_IS_UNDEF: s.x = u(); break;
    case OP_IS_ARR: case OP_IS_OBJ: case OP_IS_SET: s.a = operand(); break;
    case OP_MAKE_ARR: s.y = u(); s.x = u(); break;
    case OP_MAKE_OBJ: case OP_MAKE_SET: s.x = u(); break;
    case OP_ARR_APPEND: s.a = operand(); s.x = u(); break;
    case OP_OBJ_INSERT: s.a = operand(); s.b = operand(); s.x = u(); break;
    case OP_OBJ_INSERT_ONCE: s.a = operand(); s.b = operand(); s.x = u(); message(s); break;
    case OP_SET_ADD: s.a = operand(); s.x = u(); break;
    case OP_OBJ_MERGE: s.a = operand(); s.b = operand(); s.x = u(); break;
    default: bad("opcode " + op.toString());
  }
  return s;
}

/** Decodes the program at [addr, addr+len). */
export function decodeProgram(addr: usize, len: usize): Program {
  prog = new Program();
  p = addr; end = addr + len;
  if (byte() != 0x52 || byte() != 0x47 || byte() != 0x56 || byte() != 0x4d) bad("magic");
  if (byte() != 1) bad("version");
  let ns = u();
  for (let i = 0; i < ns; i++) prog.strings.push(str());
  let nf = u();
  for (let i = 0; i < nf; i++) {
    let f = new Func();
    f.name = str();
    let np = u();
    for (let j = 0; j < np; j++) f.params.push(u());
    f.result = u();
    f.locals = u();
    f.memo = byte() != 0;
    f.blocks = blocks();
    prog.funcs.push(f);
  }
  let npl = u();
  for (let i = 0; i < npl; i++) {
    let pl = new Plan();
    pl.name = str();
    pl.locals = u();
    pl.blocks = blocks();
    prog.plans.push(pl);
  }
  if (p != end) bad("trailing bytes");
  // validate call targets once so the interpreter need not
  for (let i = 0; i < prog.funcs.length; i++) validateBlocks(prog.funcs[i].blocks, prog.funcs[i].locals);
  for (let i = 0; i < prog.plans.length; i++) validateBlocks(prog.plans[i].blocks, max(prog.plans[i].locals, 2));
  return prog;
}

function checkLocal(l: i32, n: i32): void { if (l < 0 || l >= n) bad("local " + l.toString() + " out of range"); }
function checkOpnd(o: Opnd | null, n: i32): void { if (o !== null && o.local >= 0) checkLocal(o.local, n); }

function validateBlocks(bs: Array<Array<Stmt>>, n: i32): void {
  for (let i = 0; i < bs.length; i++) validateBlock(bs[i], n);
}

function validateBlock(b: Array<Stmt>, n: i32): void {
  for (let i = 0; i < b.length; i++) {
    let s = b[i];
    checkOpnd(s.a, n); checkOpnd(s.b, n); checkOpnd(s.c, n);
    let op = s.op;
    if (op == OP_SCAN) { checkLocal(s.x, n); checkLocal(s.y, n); }
    else if (op == OP_CALL) {
      let args = s.args!;
      for (let j = 0; j < args.length; j++) checkOpnd(args[j], n);
      if (s.y == 0) {
        if (s.x < 0 || s.x >= prog.funcs.length) bad("function index");
        if (prog.funcs[s.x].params.length != args.length) bad("arity of " + prog.funcs[s.x].name);
      }
    } else if (op != OP_BLOCK && op != OP_BREAK && op != OP_NOT && op != OP_ABORT &&
               op != OP_EQ && op != OP_NE && op != OP_LT && op != OP_LE && op != OP_GT && op != OP_GE &&
               op != OP_IS_ARR && op != OP_IS_OBJ && op != OP_IS_SET) {
      checkLocal(s.x, n);
    }
    if (s.block !== null) validateBlock(s.block!, n);
    if (s.blocks !== null) validateBlocks(s.blocks!, n);
  }
}
