/**
 * Name patterns (language.md §3): only `*` is special. Elasticsearch's `?` wildcard and
 * `/regex/` patterns have no Cedar counterpart and are rejected; so is the empty pattern.
 * Also: the FLS rule that every `except` pattern must lie inside some `grant` pattern.
 */
import type { Span } from '../diagnostics/types.ts';
import type { Reporter } from './report.ts';
import { checkPatternCount } from './limits.ts';

export interface PatternText {
  text: string;
  span: Span;
}

/** Checks one pattern; returns whether it is usable. `what` names it in messages. */
export function checkPattern(p: PatternText, what: string, r: Reporter): boolean {
  if (p.text.length === 0) {
    r.error('E0503', p.span, `empty ${what} pattern matches nothing useful; remove it or write "*"`);
    return false;
  }
  if (p.text.length >= 2 && p.text.startsWith('/') && p.text.endsWith('/')) {
    r.error(
      'E0502',
      p.span,
      `${what} pattern ${JSON.stringify(p.text)} is a regular expression; Cedar has no counterpart — use \`*\` wildcards (and \`except\` for exclusions)`,
    );
    return false;
  }
  if (p.text.includes('?')) {
    r.error(
      'E0501',
      charSpan(p, p.text.indexOf('?')),
      `${what} pattern ${JSON.stringify(p.text)} uses the \`?\` wildcard, which has no Cedar counterpart (Cedar \`like\` knows only \`*\`) — use \`*\``,
    );
    return false;
  }
  return true;
}

/**
 * The span of one character of a pattern when it can be located exactly: a string literal
 * on one line without escapes (raw length = value length + 2 quotes). Else the whole literal.
 */
function charSpan(p: PatternText, index: number): Span {
  const { start, end } = p.span;
  if (start.line !== end.line || end.offset - start.offset !== p.text.length + 2) return p.span;
  const at = (k: number) => ({ line: start.line, col: start.col + 1 + k, offset: start.offset + 1 + k });
  return { file: p.span.file, start: at(index), end: at(index + 1) };
}

/** Checks a list of patterns, warning on duplicates; returns the usable ones in order. */
export function checkPatterns(ps: readonly PatternText[] | undefined, what: string, r: Reporter): string[] {
  checkPatternCount(ps ?? [], what, r);
  const out: string[] = [];
  for (const p of ps ?? []) {
    if (!checkPattern(p, what, r)) continue;
    if (out.includes(p.text)) {
      r.warn('W0202', p.span, `${what} pattern ${JSON.stringify(p.text)} is listed twice`);
      continue;
    }
    out.push(p.text);
  }
  // Exact length: the IR lives through the whole build, a grown array keeps 16+ spare slots.
  return out.slice();
}

/** Wildcard match where only `*` is special (any sequence, including empty). */
export function wildcardMatch(pattern: string, text: string): boolean {
  const parts = pattern.split('*');
  if (parts.length === 1) return pattern === text;
  const first = parts[0]!;
  const last = parts[parts.length - 1]!;
  if (!text.startsWith(first) || text.length < first.length + last.length || !text.endsWith(last)) return false;
  let pos = first.length;
  const end = text.length - last.length;
  for (const mid of parts.slice(1, -1)) {
    const at = text.indexOf(mid, pos);
    if (at < 0 || at + mid.length > end) return false;
    pos = at + mid.length;
  }
  return true;
}

/**
 * Whether grant pattern `g` provably covers every name matched by except pattern `e`.
 * Conservative (may say "no" for exotic pairs): `*`; equal patterns; `e` literal and
 * matched by `g`; `g` a prefix pattern `abc*` and `e`'s literal prefix starts with `abc`.
 */
export function covers(g: string, e: string): boolean {
  if (g === '*' || g === e) return true;
  if (!e.includes('*')) return wildcardMatch(g, e);
  const star = g.indexOf('*');
  if (star === g.length - 1) return e.slice(0, e.indexOf('*')).startsWith(g.slice(0, -1));
  return false;
}

/** FLS: every except pattern must be covered by some grant pattern (Elasticsearch rejects
 *  the role otherwise). Reports E0504 at each uncovered except pattern. */
export function checkExceptCovered(grant: string[], except: readonly PatternText[], r: Reporter): void {
  for (const e of except) {
    if (e.text.length === 0 || grant.length === 0) continue;
    if (!grant.some((g) => covers(g, e.text)))
      r.error(
        'E0504',
        e.span,
        `field except pattern ${JSON.stringify(e.text)} is not inside any grant pattern (${grant.map((g) => JSON.stringify(g)).join(', ')}); Elasticsearch requires except ⊆ grant`,
      );
  }
}
