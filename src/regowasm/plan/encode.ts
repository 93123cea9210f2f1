/**
 * Binary encoding of a planner-IR Policy (./ir.ts) — the program the Wasm VM runs.
 * Deterministic: the same Policy always yields the same bytes.
 *
 * Byte format (all integers are unsigned LEB128 "u", bytes are "b"):
 *   program  := "RGVM" b:version(=1) strings funcs plans
 *   strings  := u:count { str }            str := u:byteLength utf8-bytes
 *   funcs    := u:count { func }           func := str:name u:nParams {u:param} u:result
 *                                                  u:locals b:memo(0|1) blocks
 *   plans    := u:count { plan }           plan := str:name u:locals blocks
 *   blocks   := u:count { block }          block := u:count { stmt }
 *   stmt     := b:opcode fields…           (opcode = index in OPCODES below; fields in
 *                                           the order of the Statement type's keys as
 *                                           written in FIELDS below)
 *   operand  := b:0 u:local | b:1 (false) | b:2 (true) | b:3 (null)
 *             | b:4 u:numberStringIndex | b:5 u:stringIndex | b:6 u:jsonStringIndex
 *   target   := b:0 u:funcIndex | b:1 str:builtinName
 *   message  := u:0 (default) | u:(stringIndex + 1)
 *   break    := u:index
 * The VM decodes this once at instantiation (src/regowasm/vm/program.ts).
 */
import type { Block, CallTarget, Operand, Policy, Statement } from './ir.ts';

export const PROGRAM_MAGIC = 'RGVM';
export const PROGRAM_VERSION = 1;

/** Opcode numbering — the VM's decoder uses the same order (keep in sync). */
export const OPCODES = [
  'Block', 'Break', 'Scan', 'Not', 'Abort',
  'Call', 'ResultSetAdd',
  'AssignVar', 'AssignVarOnce', 'ResetLocal', 'ReturnLocal',
  'Dot', 'Len',
  'Equal', 'NotEqual', 'LessThan', 'LessThanEqual', 'GreaterThan', 'GreaterThanEqual',
  'IsDefined', 'IsUndefined', 'IsArray', 'IsObject', 'IsSet',
  'MakeArray', 'MakeObject', 'MakeSet', 'ArrayAppend', 'ObjectInsert', 'ObjectInsertOnce',
  'SetAdd', 'ObjectMerge',
] as const satisfies readonly Statement['op'][];

class Writer {
  private buf = new Uint8Array(1024);
  private len = 0;
  private reserve(n: number): void {
    if (this.len + n <= this.buf.length) return;
    const next = new Uint8Array(Math.max(this.buf.length * 2, this.len + n));
    next.set(this.buf.subarray(0, this.len));
    this.buf = next;
  }
  private push(b: number): void { this.reserve(1); this.buf[this.len++] = b; }
  byte(b: number): void { this.push(b & 0xff); }
  u(n: number): void {
    if (!Number.isInteger(n) || n < 0 || n > 0xffffffff) throw new Error(`encode: bad unsigned integer ${n}`);
    do {
      let b = n % 128;
      n = Math.floor(n / 128);
      if (n > 0) b |= 0x80;
      this.push(b);
    } while (n > 0);
  }
  str(s: string): void {
    const utf8 = new TextEncoder().encode(s);
    this.u(utf8.length);
    this.reserve(utf8.length);
    this.buf.set(utf8, this.len);
    this.len += utf8.length;
  }
  done(): Uint8Array { return this.buf.slice(0, this.len); }
}

function operand(w: Writer, o: Operand): void {
  if ('local' in o) { w.byte(0); w.u(o.local); }
  else if ('bool' in o) w.byte(o.bool ? 2 : 1);
  else if ('null' in o) w.byte(3);
  else if ('number' in o) { w.byte(4); w.u(o.number); }
  else if ('string' in o) { w.byte(5); w.u(o.string); }
  else { w.byte(6); w.u(o.json); }
}

function target(w: Writer, t: CallTarget): void {
  if ('func' in t) { w.byte(0); w.u(t.func); } else { w.byte(1); w.str(t.builtin); }
}

function message(w: Writer, m: number | undefined): void { w.u(m === undefined ? 0 : m + 1); }

function blocks(w: Writer, bs: Block[]): void {
  w.u(bs.length);
  for (const b of bs) block(w, b);
}

function block(w: Writer, b: Block): void {
  w.u(b.length);
  for (const s of b) statement(w, s);
}

function statement(w: Writer, s: Statement): void {
  const code = OPCODES.indexOf(s.op);
  if (code < 0) throw new Error(`encode: unknown statement ${(s as { op: string }).op}`);
  w.byte(code);
  switch (s.op) {
    case 'Block': blocks(w, s.blocks); break;
    case 'Break': w.u(s.index); break;
    case 'Scan': operand(w, s.source); w.u(s.key); w.u(s.value); block(w, s.block); break;
    case 'Not': block(w, s.block); break;
    case 'Abort': w.u(s.message); break;
    case 'Call': target(w, s.target); w.u(s.args.length); for (const a of s.args) operand(w, a); w.u(s.result); break;
    case 'ResultSetAdd': w.u(s.value); break;
    case 'AssignVar': operand(w, s.source); w.u(s.target); break;
    case 'AssignVarOnce': operand(w, s.source); w.u(s.target); message(w, s.message); break;
    case 'ResetLocal': w.u(s.target); break;
    case 'ReturnLocal': w.u(s.source); break;
    case 'Dot': operand(w, s.source); operand(w, s.key); w.u(s.target); break;
    case 'Len': operand(w, s.source); w.u(s.target); break;
    case 'Equal': case 'NotEqual': case 'LessThan': case 'LessThanEqual':
    case 'GreaterThan': case 'GreaterThanEqual':
      operand(w, s.a); operand(w, s.b); break;
    case 'IsDefined': case 'IsUndefined': w.u(s.source); break;
    case 'IsArray': case 'IsObject': case 'IsSet': operand(w, s.source); break;
    case 'MakeArray': w.u(s.capacity); w.u(s.target); break;
    case 'MakeObject': w.u(s.target); break;
    case 'MakeSet': w.u(s.target); break;
    case 'ArrayAppend': operand(w, s.value); w.u(s.array); break;
    case 'ObjectInsert': operand(w, s.key); operand(w, s.value); w.u(s.object); break;
    case 'ObjectInsertOnce': operand(w, s.key); operand(w, s.value); w.u(s.object); message(w, s.message); break;
    case 'SetAdd': operand(w, s.value); w.u(s.set); break;
    case 'ObjectMerge': operand(w, s.a); operand(w, s.b); w.u(s.target); break;
  }
}

/** Encodes a Policy into the VM's program bytes. Throws on malformed integers/ops. */
export function encodePolicy(p: Policy): Uint8Array {
  const w = new Writer();
  for (const c of PROGRAM_MAGIC) w.byte(c.charCodeAt(0));
  w.byte(PROGRAM_VERSION);
  w.u(p.strings.length);
  for (const s of p.strings) w.str(s);
  w.u(p.funcs.length);
  for (const f of p.funcs) {
    w.str(f.name);
    w.u(f.params.length);
    for (const l of f.params) w.u(l);
    w.u(f.result);
    w.u(f.locals);
    w.byte(f.memo ? 1 : 0);
    blocks(w, f.blocks);
  }
  w.u(p.plans.length);
  for (const pl of p.plans) {
    w.str(pl.name);
    w.u(pl.locals);
    blocks(w, pl.blocks);
  }
  return w.done();
}
