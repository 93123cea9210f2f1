/**
 * Guard against pathological nesting before the (recursive-descent) parser sees the
 * tokens: `((((…` or `!!!!…` a hundred thousand deep would otherwise overflow the stack.
 *
 * The parser's recursion depth at a token is (open parentheses/brackets around it) +
 * (`!` operators whose operand contains it; a `!`'s operand ends at the next `&&`, `||`,
 * `,` or closing bracket of its level). When that exceeds MAX_NESTING we report E0119
 * and cut the offending part out: a too-deep group is replaced by one placeholder `true`
 * token (the file has an error, so its AST is partial anyway), an excess `!` is dropped.
 * Linear in the number of tokens.
 */
import type { IToken } from 'chevrotain';
import type { Diagnostic } from '../diagnostics/types.ts';
import { syntaxError } from './diag.ts';
import type { LineMap } from './positions.ts';
import { AndAnd, Bang, Comma, LBracket, LCurly, LParen, OrOr, RBracket, RCurly, RParen, True } from './tokens.ts';

export const MAX_NESTING = 64;

export function limitNesting(tokens: IToken[], lines: LineMap, diagnostics: Diagnostic[]): IToken[] {
  const out: IToken[] = [];
  // bangs[i] = number of pending `!` at bracket level i (level 0 = outside any bracket)
  const bangs: number[] = [0];
  let bangSum = 0;
  let reportedBang = -1;

  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    const type = t.tokenType;
    const depth = bangs.length - 1 + bangSum;
    if (type === LParen || type === LBracket) {
      if (depth + 1 > MAX_NESTING) {
        i = skipGroup(tokens, i);
        const end = tokens[i] ?? t;
        diagnostics.push(syntaxError('E0119', `expression nested more than ${MAX_NESTING} levels deep`, lines.span(t.startOffset, end.startOffset + end.image.length)));
        out.push(placeholder(t));
        continue;
      }
      bangs.push(0);
    } else if (type === RParen || type === RBracket) {
      if (bangs.length > 1) bangSum -= bangs.pop()!;
    } else if (type === Bang) {
      if (depth + 1 > MAX_NESTING) {
        if (reportedBang !== bangs.length) {
          diagnostics.push(syntaxError('E0119', `more than ${MAX_NESTING} nested '!' operators`, lines.span(t.startOffset, t.startOffset + 1)));
          reportedBang = bangs.length;
        }
        continue;
      }
      bangs[bangs.length - 1]!++;
      bangSum++;
    } else if (type === AndAnd || type === OrOr || type === Comma) {
      bangSum -= bangs[bangs.length - 1]!;
      bangs[bangs.length - 1] = 0;
      reportedBang = -1;
    } else if (type === LCurly || type === RCurly) {
      // Braces never occur inside a condition: everything pending is closed.
      bangs.length = 1;
      bangs[0] = 0;
      bangSum = 0;
      reportedBang = -1;
    }
    out.push(t);
  }
  return out;
}

/** Index of the token closing the group opened at `open` (or the last token). */
function skipGroup(tokens: IToken[], open: number): number {
  let level = 0;
  for (let i = open; i < tokens.length; i++) {
    const type = tokens[i]!.tokenType;
    if (type === LParen || type === LBracket) level++;
    else if (type === RParen || type === RBracket) {
      level--;
      if (level === 0) return i;
    } else if (type === LCurly || type === RCurly) {
      // A brace means the group was never closed; keep the brace for the parser.
      return i - 1;
    }
  }
  return tokens.length - 1;
}

function placeholder(at: IToken): IToken {
  return { ...at, tokenType: True, tokenTypeIdx: True.tokenTypeIdx!, image: at.image };
}
