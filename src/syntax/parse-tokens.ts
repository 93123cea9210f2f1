/**
 * Drives the singleton parser over a file's tokens, including the recovery Chevrotain
 * does not do well at the top level: skipping junk between declarations.
 */
import { EOF, type CstNode, type IRecognitionException, type IToken } from 'chevrotain';
import { PARSER } from './parser.ts';
import * as T from './tokens.ts';

export interface CstParseResult {
  /** One `file` CST per parsed stretch (several when top-level junk was skipped). */
  csts: CstNode[];
  errors: IRecognitionException[];
  /** First token of each stretch of top-level junk that was skipped (report E0108). */
  junk: IToken[];
  /** True when parsing stopped early because of too much junk. */
  gaveUp: boolean;
}

/** Beyond this many skipped junk stretches, give up on the rest of the file: each
 *  restart costs a slice of the remaining tokens, and nobody reads the 101st error. */
export const MAX_RESTARTS = 100;

const DECLARATION_KEYWORDS = new Set([T.Schema, T.Role, T.Deny, T.Mapping, T.Assign, T.User, T.ApiKey, T.Group]);

/**
 * Whether tokens[i] plausibly starts a top-level declaration (where to resume after
 * junk). Keywords are soft, so context decides: not an attribute (`user.role`), not a
 * metadata/schema key (`role: …`), not `for role`/`for user`/`assign user`, and the
 * principal keywords need their string (`user "x"`).
 */
function startsDeclaration(tokens: IToken[], i: number): boolean {
  const t = tokens[i]!.tokenType;
  if (!DECLARATION_KEYWORDS.has(t)) return false;
  const prev = tokens[i - 1]?.tokenType;
  const next = tokens[i + 1]?.tokenType;
  if (prev === T.Dot || prev === T.For || prev === T.Assign || next === T.Colon || next === T.Dot) return false;
  if (t === T.User || t === T.ApiKey || t === T.Group) return next === T.StringLiteral;
  return true;
}

/**
 * Parses the whole token list. The grammar's top level is `declaration*`. Chevrotain's
 * in-repetition recovery usually skips top-level junk by itself (reporting it at the
 * top rule); when it cannot and the parser stops before the end, we skip to the next
 * plausible declaration and parse again from there, so every declaration of the file
 * is still checked.
 */
export function parseTokens(tokens: IToken[]): CstParseResult {
  const csts: CstNode[] = [];
  const errors: IRecognitionException[] = [];
  const junk: IToken[] = [];
  const lastStart = tokens.length > 0 ? tokens[tokens.length - 1]!.startOffset : -1;
  const done = (gaveUp = false): CstParseResult => {
    PARSER.input = []; // the singleton must not keep the last file's tokens alive
    return { csts, errors, junk, gaveUp };
  };
  let from = 0;
  for (let restarts = 0; ; restarts++) {
    PARSER.input = from === 0 ? tokens : tokens.slice(from);
    const cst = PARSER.file();
    csts.push(cst);
    for (const e of PARSER.errors) {
      if (e.context.ruleStack.length === 1 && e.token.tokenType !== EOF) junk.push(e.token);
      else errors.push(e);
    }
    const end = cst.location?.endOffset;
    const consumedTo = end !== undefined && Number.isFinite(end) ? end : -1;
    if (consumedTo >= lastStart) return done();
    // Stopped early: the first unconsumed token is junk.
    let i = firstTokenAfter(tokens, consumedTo, from);
    if (!junk.some((j) => j.startOffset === tokens[i]!.startOffset)) junk.push(tokens[i]!);
    i++;
    while (i < tokens.length && !startsDeclaration(tokens, i)) i++;
    if (i >= tokens.length) return done();
    if (restarts >= MAX_RESTARTS) return done(true);
    from = i;
  }
}

/** Index of the first token starting after `offset` (tokens are sorted), from `from`. */
function firstTokenAfter(tokens: IToken[], offset: number, from: number): number {
  let lo = from;
  let hi = tokens.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (tokens[mid]!.startOffset <= offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
