/**
 * Splices an encoded program (./plan/encode.ts) into the prebuilt Rego VM module
 * (build/regowasm/vm.wasm, built from src/regowasm/vm/ by scripts/build/10-regowasm-vm.mjs;
 * read from disk by ./vm-file.ts in Node, fetched by the page in a browser).
 *
 * The VM reserves a 16-byte static "slot": the ASCII magic "RGVMSLOT" followed by the
 * program's address and length (u32 LE, 0xFFFFFFFF when absent). The splicer
 *   1. parses the module's sections (tiny LEB128 reader, no dependency),
 *   2. finds the slot inside an active data segment and patches address + length; the
 *      address is above AS's shadow stack (which sits between the static data and
 *      __heap_base, VM_STACK_SIZE bytes); the VM's heap starts after the program,
 *   3. appends the program as a PASSIVE data segment, and a small function that grows
 *      memory as needed, copies the segment in (memory.init), drops it, then calls the
 *      VM's own start function; that function becomes the module's start function.
 * A passive segment (rather than an active one) means the program's size is not limited
 * by the memory the host provides at instantiation (the OPA SDK gives 5 pages).
 * Deterministic: same VM build + same program → same bytes.
 */

const SLOT_MAGIC = [0x52, 0x47, 0x56, 0x4d, 0x53, 0x4c, 0x4f, 0x54]; // RGVMSLOT
/** Must match `--stackSize` in scripts/build/10-regowasm-vm.mjs. */
export const VM_STACK_SIZE = 32768;

/** Programs must end below this address (a sanity bound; wasm32 allows 4 GiB). */
export const MAX_PROGRAM_END = 256 * 1024 * 1024;


function readU(b: Uint8Array, pos: number): [number, number] {
  let result = 0, shift = 0, byte: number;
  do {
    byte = b[pos++]!;
    result += (byte & 0x7f) * 2 ** shift;
    shift += 7;
  } while (byte & 0x80);
  return [result, pos];
}

function readS32(b: Uint8Array, pos: number): [number, number] {
  let result = 0, shift = 0, byte: number;
  do {
    byte = b[pos++]!;
    result |= (byte & 0x7f) << shift;
    shift += 7;
  } while (byte & 0x80);
  if (shift < 32 && byte & 0x40) result |= ~0 << shift;
  return [result, pos];
}

function u(n: number): number[] {
  const out: number[] = [];
  do {
    let byte = n % 128;
    n = Math.floor(n / 128);
    if (n > 0) byte |= 0x80;
    out.push(byte);
  } while (n > 0);
  return out;
}

function s32(n: number): number[] {
  const out: number[] = [];
  for (;;) {
    const byte = n & 0x7f;
    n >>= 7;
    if ((n === 0 && !(byte & 0x40)) || (n === -1 && byte & 0x40)) { out.push(byte); return out; }
    out.push(byte | 0x80);
  }
}

interface Section { id: number; header: number; start: number; end: number } // header = id byte; [start, end) = content

function sections(wasm: Uint8Array): Section[] {
  if (wasm[0] !== 0 || wasm[1] !== 0x61 || wasm[2] !== 0x73 || wasm[3] !== 0x6d) throw new Error('regowasm: VM is not a wasm module');
  const out: Section[] = [];
  let pos = 8;
  while (pos < wasm.length) {
    const id = wasm[pos]!;
    const [size, p] = readU(wasm, pos + 1);
    out.push({ id, header: pos, start: p, end: p + size });
    pos = p + size;
  }
  return out;
}

type Bytes = number[] | Uint8Array;

function concat(parts: Bytes[]): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) { out.set(p, o); o += p.length; }
  return out;
}

function section(id: number, content: Bytes): Uint8Array {
  return concat([[id], u(content.length), content]);
}

/** Initial values of the i32 globals with a constant initialiser. */
function globalInitsI32(wasm: Uint8Array, sec: Section | undefined): number[] {
  if (!sec) return [];
  let [n, pos] = readU(wasm, sec.start);
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const type = wasm[pos]!;
    pos += 2; // valtype, mutability
    const op = wasm[pos++]!;
    if (op === 0x41) { let v: number; [v, pos] = readS32(wasm, pos); if (type === 0x7f) out.push(v); }
    else if (op === 0x42) { while (wasm[pos++]! & 0x80); }
    else if (op === 0x43) pos += 4;
    else if (op === 0x44) pos += 8;
    else if (op === 0x23) [, pos] = readU(wasm, pos);
    else throw new Error(`regowasm: unsupported global initialiser 0x${op.toString(16)}`);
    if (wasm[pos++] !== 0x0b) throw new Error('regowasm: unsupported global initialiser');
  }
  return out;
}

interface Imports { funcs: number }

function countImportedFuncs(wasm: Uint8Array, sec: Section | undefined): Imports {
  if (!sec) return { funcs: 0 };
  let [n, pos] = readU(wasm, sec.start);
  let funcs = 0;
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < 2; k++) { let len: number; [len, pos] = readU(wasm, pos); pos += len; } // module, name
    const kind = wasm[pos++];
    if (kind === 0) { [, pos] = readU(wasm, pos); funcs++; }
    else if (kind === 1) { pos++; pos = skipLimits(wasm, pos); }
    else if (kind === 2) pos = skipLimits(wasm, pos);
    else if (kind === 3) pos += 2;
    else throw new Error(`regowasm: unsupported import kind ${kind}`);
  }
  return { funcs };
}

function skipLimits(wasm: Uint8Array, pos: number): number {
  let flags: number;
  [flags, pos] = readU(wasm, pos);
  [, pos] = readU(wasm, pos);
  if (flags & 1) [, pos] = readU(wasm, pos);
  return pos;
}

/** Index of the type `() -> ()`, or -1; and the type count. */
function voidType(wasm: Uint8Array, sec: Section): { index: number; count: number } {
  let [n, pos] = readU(wasm, sec.start);
  for (let i = 0; i < n; i++) {
    if (wasm[pos++] !== 0x60) throw new Error('regowasm: unsupported type form');
    let np: number, nr: number;
    [np, pos] = readU(wasm, pos); pos += np;
    [nr, pos] = readU(wasm, pos); pos += nr;
    if (np === 0 && nr === 0) return { index: i, count: n };
  }
  return { index: -1, count: n };
}

/** Rewrites a vector section: new count, old items, then `extra` appended. */
function appendToVector(wasm: Uint8Array, sec: Section | undefined, id: number, extra: Bytes[]): Uint8Array {
  if (!sec) return section(id, concat([u(extra.length), ...extra]));
  const [n, itemsStart] = readU(wasm, sec.start);
  return section(id, concat([u(n + extra.length), wasm.subarray(itemsStart, sec.end), ...extra]));
}

/** Returns a new module: the VM with `program` spliced in. */
export function spliceProgram(program: Uint8Array, vm: Uint8Array): Uint8Array<ArrayBuffer> {
  const secs = sections(vm);
  const byId = (id: number) => secs.find((x) => x.id === id);
  const data = byId(11), types = byId(1), funcs = byId(3), code = byId(10);
  if (!data || !types || !funcs || !code) throw new Error('regowasm: VM module lacks type/function/code/data sections');
  const patched = vm.slice();

  // 1–2: static data extent and the slot
  let [count, pos] = readU(vm, data.start);
  let staticEnd = 0;
  let slotAt = -1;
  for (let i = 0; i < count; i++) {
    let flags: number;
    [flags, pos] = readU(vm, pos);
    let offset = -1;
    if (flags === 0 || flags === 2) {
      if (flags === 2) [, pos] = readU(vm, pos);
      if (vm[pos] !== 0x41) throw new Error('regowasm: unsupported data segment offset');
      [offset, pos] = readS32(vm, pos + 1);
      if (vm[pos++] !== 0x0b) throw new Error('regowasm: unsupported data segment offset');
    }
    let size: number;
    [size, pos] = readU(vm, pos);
    if (offset >= 0) {
      staticEnd = Math.max(staticEnd, offset + size);
      for (let j = pos; j + 16 <= pos + size && slotAt < 0; j++) {
        if (SLOT_MAGIC.every((m, k) => vm[j + k] === m)) slotAt = j;
      }
    }
    pos += size;
  }
  if (slotAt < 0) throw new Error('regowasm: VM program slot not found (is build/regowasm/vm.wasm current?)');
  const addr = ((staticEnd + VM_STACK_SIZE + 15) & ~15) + 16;
  // Self-check: AS's __stack_pointer starts at __heap_base = static end + stack size; a
  // mutable i32 global must start in [staticEnd + VM_STACK_SIZE, addr] or the layout
  // assumption is wrong (and the program could be overwritten by the stack).
  if (!globalInitsI32(vm, byId(6)).some((v) => v >= staticEnd + VM_STACK_SIZE && v <= addr)) {
    throw new Error('regowasm: VM memory layout not recognised (shadow stack size changed?)');
  }
  if (addr + program.length > MAX_PROGRAM_END) {
    throw new Error(`regowasm: program of ${program.length} bytes is too large`);
  }
  const view = new DataView(patched.buffer, patched.byteOffset);
  view.setUint32(slotAt + 8, addr, true);
  view.setUint32(slotAt + 12, program.length, true);

  // 3: passive segment + init function + start
  const segIndex = count;
  const startSec = byId(8);
  const oldStart = startSec ? readU(vm, startSec.start)[0] : -1;
  const { funcs: importedFuncs } = countImportedFuncs(vm, byId(2));
  const [definedFuncs] = readU(vm, funcs.start);
  const initIndex = importedFuncs + definedFuncs;
  const vt = voidType(vm, types);
  const typeIndex = vt.index >= 0 ? vt.index : vt.count;
  const pages = Math.ceil((addr + program.length) / 65536);
  const body = [
    0x00, // no locals
    0x3f, 0x00, 0x41, ...s32(pages), 0x49, 0x04, 0x40, // if (memory.size < pages)
    0x41, ...s32(pages), 0x3f, 0x00, 0x6b, 0x40, 0x00, 0x1a, //   drop(memory.grow(pages - memory.size))
    0x0b, // end if
    0x41, ...s32(addr), 0x41, 0x00, 0x41, ...s32(program.length), 0xfc, 0x08, ...u(segIndex), 0x00, // memory.init
    0xfc, 0x09, ...u(segIndex), // data.drop
    ...(oldStart >= 0 ? [0x10, ...u(oldStart)] : []), // the VM's own start
    0x0b,
  ];
  const segment = concat([[0x01], u(program.length), program]);

  const parts: Bytes[] = [patched.subarray(0, 8)];
  const emitted = new Set<number>();
  const emit = (id: number, bytes: Bytes) => { parts.push(bytes); emitted.add(id); };
  // Section order: type 1, import 2, function 3, table 4, memory 5, global 6, export 7,
  // start 8, element 9, datacount 12, code 10, data 11 (custom sections kept in place).
  const ORDER = [1, 2, 3, 4, 5, 6, 7, 8, 9, 12, 10, 11];
  const rank = (id: number) => ORDER.indexOf(id);
  const newStart = section(8, u(initIndex));
  const newDataCount = section(12, u(count + 1));
  const insertMissingBefore = (id: number) => {
    // sections we must add if the VM lacks them: start (8) and datacount (12)
    for (const [mid, bytes] of [[8, newStart], [12, newDataCount]] as const) {
      if (!emitted.has(mid) && !byId(mid) && rank(mid) < rank(id)) emit(mid, bytes);
    }
  };
  for (const sec of secs) {
    if (sec.id !== 0) insertMissingBefore(sec.id);
    switch (sec.id) {
      case 1: emit(1, vt.index >= 0 ? patched.subarray(sec.header, sec.end) : appendToVector(patched, sec, 1, [[0x60, 0x00, 0x00]])); break;
      case 3: emit(3, appendToVector(patched, sec, 3, [u(typeIndex)])); break;
      case 8: emit(8, newStart); break;
      case 12: emit(12, newDataCount); break;
      case 10: emit(10, appendToVector(patched, sec, 10, [concat([u(body.length), body])])); break;
      case 11: emit(11, appendToVector(patched, sec, 11, [segment])); break;
      default: parts.push(patched.subarray(sec.header, sec.end));
    }
  }
  return concat(parts);
}
