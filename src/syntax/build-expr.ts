/**
 * CST → AST for conditions (language.md §4). Precedence is already encoded in the CST's
 * rule nesting; here we flatten `&&`/`||` chains into n-ary nodes, split postfix chains
 * into paths and method calls, and report what the grammar leaves open (E0110 chained
 * comparison, E0116–E0118/E0120/E0122 calls).
 */
import type { CstNode, IToken } from 'chevrotain';
import type { Span } from '../diagnostics/types.ts';
import type { BoolLit, CompareOp, Expr, IntLit, MethodName, Name, StringLit } from './ast.ts';
import { type BuildContext, node, nodeSpan, nodeStart, nodes, token, tokens, tokenSpan } from './cst.ts';
import { syntaxError } from './diag.ts';
import { cover, fromTo } from './positions.ts';
import { Bang, False, Has, In, Integer, Like, StringLiteral, True } from './tokens.ts';

const METHOD_ARITY: Record<MethodName, number> = {
  contains: 1,
  containsAll: 1,
  containsAny: 1,
  isEmpty: 0,
  isInRange: 1,
};

function errorExpr(ctx: BuildContext, n: CstNode | undefined, fallback?: Span): Expr {
  return { kind: 'error', span: n ? nodeSpan(ctx, n, fallback) : (fallback ?? ctx.lines.endSpan()) };
}

export function buildExpression(ctx: BuildContext, n: CstNode | undefined): Expr {
  if (!n) return errorExpr(ctx, n);
  const args = nodes(n, 'andExpr').map((c) => buildAnd(ctx, c));
  if (args.length === 0) return errorExpr(ctx, n);
  return args.length === 1 ? args[0]! : { kind: 'or', args, span: nodeSpan(ctx, n) };
}

function buildAnd(ctx: BuildContext, n: CstNode): Expr {
  const args = nodes(n, 'comparison').map((c) => buildComparison(ctx, c));
  if (args.length === 0) return errorExpr(ctx, n);
  return args.length === 1 ? args[0]! : { kind: 'and', args, span: nodeSpan(ctx, n) };
}

/** `!* operand [op operand]*`: the comparison (chains reported), then the `!`s around it. */
function buildComparison(ctx: BuildContext, n: CstNode): Expr {
  const operands = nodes(n, 'operand');
  const ops = [...tokens(n, 'CompareOp'), ...tokens(n, In.name), ...tokens(n, Like.name)].sort((a, b) => a.startOffset - b.startOffset);
  let expr = operands[0] ? buildOperand(ctx, operands[0]) : errorExpr(ctx, n);
  // Spans come from the CST so that they include parentheses around operands.
  const first = operands[0] ? nodeSpan(ctx, operands[0]) : expr.span;
  ops.forEach((op, i) => {
    if (i === 1) {
      ctx.diagnostics.push(
        syntaxError('E0110', `comparison operators cannot be chained: '${op.image}' follows '${ops[0]!.image}' (use && or parentheses)`, tokenSpan(ctx, op)),
      );
    }
    const rn = operands[i + 1];
    const right = rn ? buildOperand(ctx, rn) : errorExpr(ctx, undefined, tokenSpan(ctx, op));
    const span = cover(first, rn ? nodeSpan(ctx, rn) : right.span);
    if (op.tokenType === Like) {
      if (right.kind === 'string') {
        expr = { kind: 'like', expr, pattern: right, span };
      } else {
        if (right.kind !== 'error') ctx.diagnostics.push(syntaxError('E0123', 'the pattern of like must be a string literal, e.g. like "logs-*"', right.span));
        expr = { kind: 'error', span };
      }
    } else if (op.tokenType === In) {
      expr = { kind: 'in', elem: expr, set: right, span };
    } else {
      expr = { kind: 'compare', op: op.image as CompareOp, opSpan: tokenSpan(ctx, op), left: expr, right, span };
    }
  });
  const bangs = tokens(n, Bang.name);
  if (bangs.length > 0) {
    const whole = nodeSpan(ctx, n);
    for (let i = bangs.length - 1; i >= 0; i--) {
      expr = { kind: 'not', arg: expr, span: fromTo(tokenSpan(ctx, bangs[i]!), whole) };
    }
  }
  return expr;
}

/** `[has] primary (.name | .method(args))*` */
function buildOperand(ctx: BuildContext, n: CstNode): Expr {
  const prim = node(n, 'primary');
  let expr = prim ? buildPrimary(ctx, prim) : errorExpr(ctx, n);
  const names = tokens(n, 'SoftName');
  const calls = nodes(n, 'callArgs');
  let c = 0;
  // A path grows in place (its segments array is fresh from buildPrimary): copying it
  // per segment would make `a.b.c…` quadratic.
  for (let i = 0; i < names.length; i++) {
    const nameTok = names[i]!;
    const nextNameAt = names[i + 1]?.startOffset ?? Infinity;
    const call = calls[c];
    const callAt = call ? nodeStart(call) : Infinity;
    const name: Name = { text: nameTok.image, span: tokenSpan(ctx, nameTok) };
    if (call && callAt > nameTok.startOffset && callAt < nextNameAt) {
      c++;
      expr = buildCall(ctx, expr, name, call);
    } else if (expr.kind === 'path') {
      expr.segments.push(name);
      expr.span = cover(expr.span, name.span);
    } else {
      if (expr.kind !== 'error') {
        ctx.diagnostics.push(syntaxError('E0122', `'.${name.text}': only names have attributes (e.g. user.${name.text})`, name.span));
      }
      expr = { kind: 'error', span: cover(expr.span, name.span) };
    }
  }
  // The grown segments array would keep 16+ spare slots for the AST's lifetime (cst.ts, mapDefined).
  if (expr.kind === 'path' && expr.segments.length > 1) expr.segments = expr.segments.slice();
  const has = token(n, Has.name);
  return has ? { kind: 'has', operand: expr, span: nodeSpan(ctx, n) } : expr;
}

function buildArgs(ctx: BuildContext, call: CstNode): Expr[] {
  return nodes(call, 'expression').map((e) => buildExpression(ctx, e));
}

function buildCall(ctx: BuildContext, receiver: Expr, name: Name, call: CstNode): Expr {
  const args = buildArgs(ctx, call);
  const span = cover(receiver.span, nodeSpan(ctx, call));
  if (!Object.hasOwn(METHOD_ARITY, name.text)) {
    ctx.diagnostics.push(
      syntaxError('E0116', `unknown method '${name.text}' (expected ${Object.keys(METHOD_ARITY).join(', ')})`, name.span),
    );
    return { kind: 'error', span };
  }
  const method = name.text as MethodName;
  const arity = METHOD_ARITY[method];
  if (args.length !== arity) {
    ctx.diagnostics.push(
      syntaxError('E0117', `'${method}' takes ${arity} argument${arity === 1 ? '' : 's'}, found ${args.length}`, nodeSpan(ctx, call)),
    );
    return { kind: 'error', span };
  }
  return { kind: 'call', method, methodSpan: name.span, receiver, args, span };
}

function buildPrimary(ctx: BuildContext, n: CstNode): Expr {
  const lit = node(n, 'literal');
  if (lit) return buildLiteral(ctx, lit) ?? errorExpr(ctx, lit);
  const set = node(n, 'setLiteral');
  if (set) return { kind: 'set', elements: nodes(set, 'expression').map((e) => buildExpression(ctx, e)), span: nodeSpan(ctx, set) };
  const inner = node(n, 'expression');
  if (inner) return buildExpression(ctx, inner);
  const head = token(n, 'SoftName');
  if (!head) return errorExpr(ctx, n);
  const name: Name = { text: head.image, span: tokenSpan(ctx, head) };
  const call = node(n, 'callArgs');
  if (!call) return { kind: 'path', segments: [name], span: name.span };
  return buildFunction(ctx, name, call, nodeSpan(ctx, n));
}

/** `ip("…")` is the only function. */
function buildFunction(ctx: BuildContext, name: Name, call: CstNode, span: Span): Expr {
  const args = buildArgs(ctx, call);
  if (name.text !== 'ip') {
    ctx.diagnostics.push(syntaxError('E0118', `unknown function '${name.text}' (the only function is ip("…"))`, name.span));
    return { kind: 'error', span };
  }
  const arg = args[0];
  if (args.length !== 1 || arg?.kind !== 'string') {
    ctx.diagnostics.push(syntaxError('E0120', `ip(…) takes exactly one string literal, e.g. ip("10.0.0.0/8")`, nodeSpan(ctx, call)));
    return { kind: 'error', span };
  }
  return { kind: 'ip', arg, span };
}

export function stringLit(ctx: BuildContext, t: IToken): StringLit {
  return { kind: 'string', value: typeof t.payload === 'string' ? t.payload : '', span: tokenSpan(ctx, t) };
}

/** `literal` rule: string, integer, true, false. */
export function buildLiteral(ctx: BuildContext, n: CstNode): StringLit | IntLit | BoolLit | undefined {
  const s = token(n, StringLiteral.name);
  if (s) return stringLit(ctx, s);
  const i = token(n, Integer.name);
  if (i) return { kind: 'int', value: typeof i.payload === 'number' ? i.payload : 0, text: i.image, span: tokenSpan(ctx, i) };
  const t = token(n, True.name);
  if (t) return { kind: 'bool', value: true, span: tokenSpan(ctx, t) };
  const f = token(n, False.name);
  if (f) return { kind: 'bool', value: false, span: tokenSpan(ctx, f) };
  return undefined;
}
