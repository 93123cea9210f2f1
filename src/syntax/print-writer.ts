/**
 * The line writer behind the `.role` printer (print.ts): indentation, line breaks, and
 * putting source comments back in place.
 *
 * How comments find their place. The printer writes tokens in source order, each with
 * the source offset it came from (none when printing an AST built in code). A first,
 * comment-free pass records those offsets; {@link planComments} then attaches every
 * comment to one of them:
 *  - a comment with code before it on its line is *trailing*: it belongs to the last
 *    printed token before it and is written after that token, after the `,` / `)` / `]`
 *    that directly follow, at the end of the line (a `//` comment ends the line there);
 *  - any other comment is *leading*: it is written before the first printed token after
 *    it — on a line of its own when it was on a line of its own, else inline;
 *  - comments after the last token are written at the end of the file.
 * Because the attachment only depends on which tokens a comment sits between and whether
 * it shares a line with the token before it, formatting the output again attaches every
 * comment to the same token at the same place: the printer is idempotent.
 */
import type { SourceComment, SourceToken } from './index.ts';
import { appendAll } from '../support/arrays.ts';

/** Lines longer than this are broken (lists, `&&`/`||` chains). */
export const WIDTH = 100;
export const INDENT = 2;

/** Punctuation that stays before a pending trailing comment (`read, // why`, `role a { // why`). */
const CLOSERS = new Set([',', ')', ']', '{']);

export interface CommentPlan {
  leading: Map<number, SourceComment[]>;
  trailing: Map<number, SourceComment[]>;
  /** After the last token. */
  dangling: SourceComment[];
}

export interface PrintSource {
  /** The source text (line ends normalised to `\n`). */
  text: string;
  /** Its tokens (comments excluded), in order. */
  tokens: readonly SourceToken[];
  /** Its comments, in order. */
  comments: readonly SourceComment[];
  plan: CommentPlan;
}

const isSpace = (c: string | undefined) => c === ' ' || c === '\t' || c === '\f' || c === '\v' || c === '\uFEFF';
const isWhite = (c: string | undefined) => isSpace(c) || c === '\n';

/** Attaches each comment to a printed token's offset (see the header comment). */
export function planComments(text: string, comments: readonly SourceComment[], offsets: readonly number[]): CommentPlan {
  const sorted = [...new Set(offsets)].sort((a, b) => a - b);
  const plan: CommentPlan = { leading: new Map(), trailing: new Map(), dangling: [] };
  const trailingEnds = new Map<number, boolean>();
  const push = (map: Map<number, SourceComment[]>, at: number, c: SourceComment) => {
    const list = map.get(at);
    if (list) list.push(c);
    else map.set(at, [c]);
  };
  for (const c of comments) {
    let i = c.start - 1;
    while (i >= 0 && isSpace(text[i])) i--;
    // A comment right after another comment on the same line shares its classification.
    let trailing = i >= 0 && text[i] !== '\n' && (trailingEnds.get(i + 1) ?? true);
    const before = lastBelow(sorted, c.start);
    if (trailing && before === undefined) trailing = false;
    trailingEnds.set(c.end, trailing);
    if (trailing) {
      push(plan.trailing, before!, c);
      continue;
    }
    const after = firstAbove(sorted, c.start);
    if (after === undefined) plan.dangling.push(c);
    else push(plan.leading, after, c);
  }
  return plan;
}

function lastBelow(sorted: readonly number[], x: number): number | undefined {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo > 0 ? sorted[lo - 1] : undefined;
}

function firstAbove(sorted: readonly number[], x: number): number | undefined {
  const i = sorted.findIndex((o) => o > x);
  return i < 0 ? undefined : sorted[i];
}

export class Writer {
  /** Indentation of the next new line (the printer adjusts it). */
  indent = 0;
  /** Offsets of the tokens written, in order (for {@link planComments}). */
  readonly offsets: number[] = [];
  private readonly lines: string[] = [];
  /** For each line ending in a trailing `//` comment: the column where its code ends. */
  private readonly codeEnds = new Map<number, number>();
  private curCodeEnd: number | undefined;
  private cur = '';
  private curIndent = 0;
  private space = false;
  private pending: SourceComment[] = [];
  private readonly leadingDone = new Set<number>();
  /** Index of the next source token not yet matched by a written token. */
  private cursor = 0;

  constructor(private readonly source?: PrintSource) {}

  /** Printing source text (comments, the author's breaks), not an AST built in code. */
  get fromSource(): boolean {
    return this.source !== undefined;
  }

  /** Whether a line break separates source offsets [from, to) (the author's choice to keep). */
  brokeBetween(from: number, to: number): boolean {
    return this.source !== undefined && from < to && this.source.text.slice(from, to).includes('\n');
  }

  /** A source comment lies within offsets [from, to). */
  hasCommentWithin(from: number, to: number): boolean {
    return this.source?.comments.some((c) => c.start >= from && c.start < to) ?? false;
  }

  /** Trailing comments wait for the end of the line. */
  hasPending(): boolean {
    return this.pending.length > 0;
  }

  hasLeading(offset: number | undefined): boolean {
    return offset !== undefined && (this.source?.plan.leading.get(offset)?.length ?? 0) > 0;
  }

  column(): number {
    return this.cur === '' ? this.curIndent : this.curIndent + this.cur.length + (this.space ? 1 : 0);
  }

  fits(width: number): boolean {
    return this.column() + width <= WIDTH;
  }

  sp(): void {
    this.space = true;
  }

  /** Writes a token; `offset` is where it came from in the source (if it did). */
  text(s: string, offset?: number): void {
    offset = this.match(s, offset);
    if (offset !== undefined) {
      this.offsets.push(offset);
      this.leading(offset);
    }
    if (!CLOSERS.has(s)) this.flushPending(false);
    this.raw(s);
    const trailing = offset === undefined ? undefined : this.source?.plan.trailing.get(offset);
    if (trailing) {
      appendAll(this.pending, trailing);
      this.source!.plan.trailing.delete(offset!);
    }
  }

  /**
   * The source offset of a written token: the one the AST gave, else — for keywords and
   * punctuation, which have no position in the AST — the next source token if it is the
   * same text. So every token keeps its comments, not only those with an AST position.
   */
  private match(s: string, offset: number | undefined): number | undefined {
    const tokens = this.source?.tokens;
    if (!tokens) return offset;
    if (offset !== undefined) {
      let lo = 0;
      let hi = tokens.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (tokens[mid]!.start < offset) lo = mid + 1;
        else hi = mid;
      }
      if (tokens[lo]?.start === offset) this.cursor = lo + 1;
      return offset;
    }
    while (tokens[this.cursor]?.image === ';') this.cursor++;
    const next = tokens[this.cursor];
    if (next?.image !== s) return undefined;
    this.cursor++;
    return next.start;
  }

  /** Writes the comments that lead the token at `offset` (once). `keepBlankLine`: the token
   *  starts a statement, so an empty line before it in the source is kept. */
  leading(offset: number, keepBlankLine = false): void {
    if (this.leadingDone.has(offset)) return;
    this.leadingDone.add(offset);
    const comments = this.source?.plan.leading.get(offset) ?? [];
    let inlineRun = false;
    for (const c of comments) {
      if (this.cur !== '' && !inlineRun) this.newline();
      if (this.cur === '' && this.blankBefore(c.start)) this.blank();
      // Comments on lines of their own take the indentation of the token they lead.
      const indent = this.curIndent;
      this.raw(c.text.startsWith('//') ? c.text.trimEnd() : c.text);
      if (this.ownLine(c)) {
        this.newline();
        this.curIndent = indent;
        inlineRun = false;
      } else {
        this.space = true;
        inlineRun = true;
      }
    }
    if (keepBlankLine && this.cur === '' && this.blankBefore(offset)) this.blank();
  }

  /** Ends the current line (trailing comments go first). */
  newline(): void {
    this.flushPending(true);
    if (this.cur !== '') {
      if (this.curCodeEnd !== undefined) this.codeEnds.set(this.lines.length, this.curCodeEnd);
      this.lines.push(' '.repeat(this.curIndent) + this.cur);
    }
    this.curCodeEnd = undefined;
    this.cur = '';
    this.space = false;
    // A line takes the indentation in force when it starts (the printer deepens it for
    // the continuation lines of a statement after writing the statement's first token).
    this.curIndent = this.indent;
  }

  /** Ends the line and leaves one empty line (never two, never right after `{` or at the top). */
  blank(): void {
    this.newline();
    const last = this.lines[this.lines.length - 1];
    if (last !== undefined && last !== '' && !last.endsWith('{')) this.lines.push('');
  }

  /** The printed file: dangling comments, one final newline, no trailing spaces. */
  finish(): string {
    this.newline();
    for (const c of this.source?.plan.dangling ?? []) {
      if (this.blankBefore(c.start)) this.blank();
      this.raw(c.text);
      this.newline();
    }
    this.alignTrailingComments();
    const out = this.lines
      .join('\n')
      .split('\n')
      .map((l) => l.trimEnd())
      .join('\n');
    return out === '' ? '' : `${out}\n`;
  }

  /** Trailing `//` comments of consecutive lines start in one column (one space after
   *  the longest code), as gofmt does. */
  private alignTrailingComments(): void {
    const indentOf = (k: number) => this.lines[k]!.length - this.lines[k]!.trimStart().length;
    for (let i = 0; i < this.lines.length; ) {
      let j = i;
      while (this.codeEnds.has(j) && (j === i || indentOf(j) === indentOf(i))) j++;
      if (j - i > 1) {
        const column = Math.max(...Array.from({ length: j - i }, (_, k) => this.codeEnds.get(i + k)!)) + 1;
        for (let k = i; k < j; k++) {
          const end = this.codeEnds.get(k)!;
          const line = this.lines[k]!;
          this.lines[k] = line.slice(0, end) + ' '.repeat(column - end) + line.slice(end).trimStart();
        }
      }
      i = Math.max(j, i + 1);
    }
  }

  private raw(s: string): void {
    if (this.cur !== '' && this.space) this.cur += ' ';
    this.cur += s;
    this.space = false;
  }

  private flushPending(atEndOfLine: boolean): void {
    if (this.pending.length === 0) return;
    const comments = this.pending;
    this.pending = [];
    let afterCode = true; // only comments after code are aligned (comment-only lines are not)
    comments.forEach((c, i) => {
      const text = c.text.startsWith('//') ? c.text.trimEnd() : c.text;
      if (i > 0 && this.ownLine(comments[i - 1]!)) {
        // What followed a `//` comment on its line was part of it: the next one gets a line.
        this.newline();
        this.raw(text);
        afterCode = false;
      } else {
        if (text.startsWith('//') && afterCode) this.curCodeEnd = this.curIndent + this.cur.trimEnd().length;
        this.cur = `${this.cur.trimEnd()} ${text}`;
      }
      this.space = true;
    });
    const last = comments[comments.length - 1]!;
    if (!atEndOfLine && this.ownLine(last)) this.newline();
  }

  /** A `//` comment, a block comment spanning lines, or one followed by a line end. */
  private ownLine(c: SourceComment): boolean {
    if (c.text.startsWith('//') || c.text.includes('\n')) return true;
    const text = this.source!.text;
    let i = c.end;
    while (isSpace(text[i])) i++;
    return i >= text.length || text[i] === '\n';
  }

  /** The source had an empty line right before `offset`. */
  private blankBefore(offset: number): boolean {
    if (!this.source) return false;
    const text = this.source.text;
    let i = offset - 1;
    let newlines = 0;
    while (i >= 0 && isWhite(text[i])) {
      if (text[i] === '\n') newlines++;
      i--;
    }
    return i >= 0 && newlines >= 2;
  }
}
