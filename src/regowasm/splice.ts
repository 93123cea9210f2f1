/**
 * Splices an encoded program (./plan/encode.ts) into the prebuilt Rego VM module
 * (build/regowasm/vm.wasm, built from src/regowasm/vm/ by scripts/build/10-regowasm-vm.mjs).
 *
 * The VM reserves a 16-byte static "slot": the ASCII magic "RGVMSLOT" followed by the
 * program's address and length (u32 LE, 0xFFFFFFFF when absent). The splicer
 *   1. parses the module's sections (tiny LEB128 reader, no dependency),
 *   2. finds the slot inside an active data segment and patches address + length,
 *   3. appends an active data segment holding the program, placed 16-byte aligned after
 *      the end of every existing segment (the VM's heap starts after the program),
 *   4. bumps the data count section if the module has one.
 * Nothing else changes, so the result is deterministic for a given VM build and program.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const SLOT_MAGIC = [0x52, 0x47, 0x56, 0x4d, 0x53, 0x4c, 0x4f, 0x54]; // RGVMSLOT
/** Memory the OPA SDK gives a module by default (5 pages); segments must fit in it. */
export const SDK_DEFAULT_MEMORY_BYTES = 5 * 65536;

export const VM_WASM_PATH = fileURLToPath(new URL('../../build/regowasm/vm.wasm', import.meta.url));

let cachedVm: Uint8Array | undefined;

/** The prebuilt VM bytes (run `npm run build` if missing). */
export function loadVmWasm(): Uint8Array {
  if (!cachedVm) {
    try {
      cachedVm = new Uint8Array(readFileSync(VM_WASM_PATH));
    } catch {
      throw new Error(`regowasm: ${VM_WASM_PATH} is missing; run \`npm run build\` (it compiles src/regowasm/vm with asc)`);
    }
  }
  return cachedVm;
}

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

function section(id: number, content: number[] | Uint8Array): number[] {
  return [id, ...u(content.length), ...content];
}

/** Returns a new module: the VM with `program` spliced in. */
export function spliceProgram(program: Uint8Array, vm: Uint8Array = loadVmWasm()): Uint8Array<ArrayBuffer> {
  const secs = sections(vm);
  const data = secs.find((s) => s.id === 11);
  if (!data) throw new Error('regowasm: VM has no data section');
  const patched = vm.slice();
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
      for (let j = pos; j + 16 <= pos + size; j++) {
        if (SLOT_MAGIC.every((m, k) => vm[j + k] === m)) { slotAt = j; break; }
      }
    }
    pos += size;
  }
  if (slotAt < 0) throw new Error('regowasm: VM program slot not found (is build/regowasm/vm.wasm current?)');
  const addr = (staticEnd + 15) & ~15;
  if (addr + program.length > SDK_DEFAULT_MEMORY_BYTES) {
    throw new Error(`regowasm: program of ${program.length} bytes does not fit the SDK's initial memory`);
  }
  const view = new DataView(patched.buffer, patched.byteOffset);
  view.setUint32(slotAt + 8, addr, true);
  view.setUint32(slotAt + 12, program.length, true);

  const segment = [0, 0x41, ...s32(addr), 0x0b, ...u(program.length)];
  const newData = new Uint8Array([...u(count + 1), ...patched.subarray(readU(vm, data.start)[1], data.end), ...segment, ...program]);
  const parts: (number[] | Uint8Array)[] = [patched.subarray(0, 8)];
  for (const s of secs) {
    if (s.id === 11) parts.push(section(11, newData));
    else if (s.id === 12) parts.push(section(12, u(count + 1)));
    else parts.push(patched.subarray(s.header, s.end));
  }
  const total = parts.reduce((n, p) => n + p.length, 0);
  const out = new Uint8Array(total);
  let o = 0;
  for (const p of parts) { out.set(p, o); o += p.length; }
  return out;
}
