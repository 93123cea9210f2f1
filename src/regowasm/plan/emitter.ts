/**
 * Emission helpers shared by the planner: the static string table (deduplicated, in first-use
 * order so the output is deterministic) and a frame builder that hands out locals and tracks
 * the "current block" — statements are always appended to the innermost open block, and a
 * Scan / nested Block opens a new one (everything planned afterwards runs inside it, which is
 * how backtracking over iteration is expressed in the IR).
 */
import type { Block, Local, Statement } from './ir.ts';

export class StringTable {
  readonly strings: string[] = [];
  private readonly index = new Map<string, number>();

  intern(s: string): number {
    let i = this.index.get(s);
    if (i === undefined) {
      i = this.strings.length;
      this.strings.push(s);
      this.index.set(s, i);
    }
    return i;
  }
}

export class Frame {
  private next: number;
  /** The innermost open block; emit() appends here. */
  block: Block;
  /** Number of counted blocks (scan bodies, Block blocks, Not bodies) opened since the
   *  frame's top-level block — used to compute Break indexes. */
  depth = 0;

  constructor(firstFree: number, block: Block = []) {
    this.next = firstFree;
    this.block = block;
  }

  get localCount(): number {
    return this.next;
  }

  local(): Local {
    return this.next++;
  }

  emit(s: Statement): void {
    this.block.push(s);
  }

  /** Runs `fn` with `inner` as the current block (depth + 1), then restores. */
  inBlock<T>(inner: Block, fn: () => T): T {
    const saved = this.block;
    const savedDepth = this.depth;
    this.block = inner;
    this.depth++;
    try {
      return fn();
    } finally {
      this.block = saved;
      this.depth = savedDepth;
    }
  }

  /** Opens a nested block permanently (for Scan bodies): later emits go inside it. */
  enter(inner: Block): void {
    this.block = inner;
    this.depth++;
  }

  /** Snapshot/restore of the insertion point, used around sub-plans that open scans. */
  mark(): { block: Block; depth: number } {
    return { block: this.block, depth: this.depth };
  }

  reset(m: { block: Block; depth: number }): void {
    this.block = m.block;
    this.depth = m.depth;
  }
}
