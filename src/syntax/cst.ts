/**
 * Tolerant accessors over Chevrotain's CST. After error recovery a node may lack
 * children and may contain tokens *inserted* by the parser (no real position); those
 * count as absent everywhere, so builders only ever see real source text.
 */
import type { CstElement, CstNode, IToken } from 'chevrotain';
import type { Diagnostic, Span } from '../diagnostics/types.ts';
import type { LineMap } from './positions.ts';

export interface BuildContext {
  lines: LineMap;
  diagnostics: Diagnostic[];
}

function isToken(e: CstElement): e is IToken {
  return (e as IToken).image !== undefined;
}

function real(t: IToken): boolean {
  return !t.isInsertedInRecovery && Number.isFinite(t.startOffset);
}

const NONE: never[] = [];

export function tokens(node: CstNode, key: string): IToken[] {
  const list = node.children[key] as IToken[] | undefined;
  if (!list) return NONE;
  // Fast path (no allocation): a key holds only tokens, almost always all real.
  if (list.every(real)) return list;
  return list.filter(real);
}

export function token(node: CstNode, key: string, i = 0): IToken | undefined {
  const list = node.children[key] as IToken[] | undefined;
  if (!list) return undefined;
  const t = list[i];
  return t && real(t) && i === 0 ? t : tokens(node, key)[i];
}

/** Children under a rule's name are always nodes (keys are token *or* rule names). */
export function nodes(node: CstNode, key: string): CstNode[] {
  return (node.children[key] as CstNode[] | undefined) ?? NONE;
}

export function node(node: CstNode, key: string, i = 0): CstNode | undefined {
  return node.children[key]?.[i] as CstNode | undefined;
}

export function tokenSpan(ctx: BuildContext, t: IToken): Span {
  return ctx.lines.span(t.startOffset, t.startOffset + t.image.length);
}

/** Offsets [start, end) of a node's real tokens, or undefined if it has none. */
export function nodeRange(n: CstNode): [number, number] | undefined {
  const loc = n.location;
  if (loc && Number.isFinite(loc.startOffset) && Number.isFinite(loc.endOffset)) return [loc.startOffset, loc.endOffset! + 1];
  // Recovered nodes may carry no usable location: scan their tokens.
  let start = Infinity;
  let end = -Infinity;
  for (const list of Object.values(n.children)) {
    for (const e of list) {
      const r = isToken(e) ? (real(e) ? ([e.startOffset, e.startOffset + e.image.length] as const) : undefined) : nodeRange(e);
      if (r) {
        start = Math.min(start, r[0]);
        end = Math.max(end, r[1]);
      }
    }
  }
  return start === Infinity ? undefined : [start, end];
}

export function nodeStart(n: CstNode): number {
  const start = n.location?.startOffset;
  if (start !== undefined && Number.isFinite(start)) return start;
  return nodeRange(n)?.[0] ?? Infinity;
}

export function nodeSpan(ctx: BuildContext, n: CstNode, fallback?: Span): Span {
  const loc = n.location;
  if (loc && Number.isFinite(loc.startOffset) && Number.isFinite(loc.endOffset)) return ctx.lines.span(loc.startOffset, loc.endOffset! + 1);
  const r = nodeRange(n);
  if (r) return ctx.lines.span(r[0], r[1]);
  return fallback ?? ctx.lines.endSpan();
}

/**
 * `list.map(f)` without its undefined results, in an array of exactly that length. Arrays
 * that stay in the AST are built this way rather than with flatMap, filter or push: V8
 * gives a grown array 16 or more spare slots, which were a large share of a retained AST.
 */
export function mapDefined<T, U>(list: readonly T[], f: (x: T) => U | undefined): U[] {
  const out = list.map(f);
  return out.includes(undefined) ? out.filter((x): x is U => x !== undefined).slice() : (out as U[]);
}

/** All children of the given keys (nodes), in source order. */
export function ordered(n: CstNode, keys: readonly string[]): { key: string; node: CstNode }[] {
  const out: { key: string; node: CstNode; at: number }[] = [];
  for (const key of keys) for (const c of nodes(n, key)) out.push({ key, node: c, at: nodeStart(c) });
  out.sort((a, b) => a.at - b.at);
  return out;
}
