// Custom AssemblyScript runtime for the Rego VM: a resettable bump allocator.
// Why: OPA's Wasm ABI lets the host save the heap pointer (opa_heap_ptr_get) and reset
// it before every evaluation (opa_heap_ptr_set); everything an evaluation allocates is
// dropped wholesale. A bump allocator with an exposed offset gives exactly that, with no
// GC work at all. Managed AS objects (strings, arrays, classes) are allocated here too.
//
// Memory layout: [AS static data][program bytes spliced by splice.ts][heap → grows].
// The splicer patches PROGRAM_SLOT (address, length) so the heap starts after the program.
import { AL_MASK, BLOCK, BLOCK_OVERHEAD, OBJECT, OBJECT_OVERHEAD, OBJECT_MAXSIZE, BLOCK_MAXSIZE } from "~lib/rt/common";
import { PROGRAM_SLOT } from "./slot";



// @ts-ignore: decorator
@lazy let offset: usize = 0;

function heapStart(): usize {
  let start = __heap_base;
  let addr = load<u32>(PROGRAM_SLOT, 8);
  let len = load<u32>(PROGRAM_SLOT, 12);
  if (addr != 0xffffffff) {
    let end = <usize>addr + <usize>len;
    if (end > start) start = end;
  }
  return (start + AL_MASK) & ~AL_MASK;
}

function growTo(end: usize): void {
  let pages = memory.size();
  let limit = <usize>pages << 16;
  if (end > limit) {
    let needed = <i32>(((end - limit + 0xffff) & ~0xffff) >>> 16);
    let wanted = pages > needed ? pages : needed; // double to amortise
    if (memory.grow(wanted) < 0) {
      if (memory.grow(needed) < 0) unreachable();
    }
  }
}

// @ts-ignore: decorator
@global @unsafe
function __heap_ptr_get(): usize {
  if (offset == 0) offset = heapStart();
  return offset;
}

// @ts-ignore: decorator
@global @unsafe
function __heap_ptr_set(p: usize): void {
  offset = p;
}

// @ts-ignore: decorator
@global @unsafe
function __alloc(size: usize): usize {
  if (size > BLOCK_MAXSIZE) unreachable();
  if (offset == 0) offset = heapStart();
  // The host may leave the offset unaligned (input bytes are written at the heap pointer).
  let ptr = ((offset + BLOCK_OVERHEAD + AL_MASK) & ~AL_MASK);
  let payload = (size + AL_MASK) & ~AL_MASK;
  let end = ptr + payload;
  growTo(end);
  changetype<BLOCK>(ptr - BLOCK_OVERHEAD).mmInfo = payload;
  offset = end;
  // Memory is reused after every heap reset, so it must be cleared (AS expects zeroed objects).
  memory.fill(ptr, 0, payload);
  return ptr;
}

// @ts-ignore: decorator
@global @unsafe
function __realloc(ptr: usize, size: usize): usize {
  let block = changetype<BLOCK>(ptr - BLOCK_OVERHEAD);
  let actual = block.mmInfo;
  if (size <= actual) return ptr;
  if (ptr + actual == offset) { // last block: grow in place
    let payload = (size + AL_MASK) & ~AL_MASK;
    growTo(ptr + payload);
    memory.fill(ptr + actual, 0, payload - actual);
    block.mmInfo = payload;
    offset = ptr + payload;
    return ptr;
  }
  let n = __alloc(max<usize>(size, actual << 1));
  memory.copy(n, ptr, actual);
  return n;
}

// @ts-ignore: decorator
@global @unsafe
function __free(ptr: usize): void {}

// @ts-ignore: decorator
@global @unsafe
function __reset(): void {}

// @ts-ignore: decorator
@global @unsafe
function __new(size: usize, id: u32): usize {
  if (size > OBJECT_MAXSIZE) unreachable();
  let ptr = __alloc(OBJECT_OVERHEAD + size);
  let obj = changetype<OBJECT>(ptr - BLOCK_OVERHEAD);
  obj.gcInfo = 0;
  obj.gcInfo2 = 0;
  obj.rtId = id;
  obj.rtSize = <u32>size;
  return ptr + OBJECT_OVERHEAD;
}

// @ts-ignore: decorator
@global @unsafe
function __renew(oldPtr: usize, size: usize): usize {
  if (size > OBJECT_MAXSIZE) unreachable();
  let p = __realloc(oldPtr - OBJECT_OVERHEAD, OBJECT_OVERHEAD + size);
  changetype<OBJECT>(p - BLOCK_OVERHEAD).rtSize = <u32>size;
  return p + OBJECT_OVERHEAD;
}

// @ts-ignore: decorator
@global @unsafe
function __link(parentPtr: usize, childPtr: usize, expectMultiple: bool): void {}

// @ts-ignore: decorator
@global @unsafe
function __pin(ptr: usize): usize { return ptr; }

// @ts-ignore: decorator
@global @unsafe
function __unpin(ptr: usize): void {}

// @ts-ignore: decorator
@global @unsafe
function __visit(ptr: usize, cookie: u32): void {}

// @ts-ignore: decorator
@global @unsafe
function __collect(): void {}
