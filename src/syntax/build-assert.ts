/**
 * CST → AST for `assert` declarations, with the structural checks a clause list in any
 * order needs: exactly one quantifier (E0130) and one target (E0131), at most one of each
 * optional clause (E0111).
 */
import type { CstNode, IToken } from 'chevrotain';
import type { AssertDecl } from './ast-assert.ts';
import { type BuildContext, node, nodeSpan, nodes, ordered, token, tokens, tokenSpan } from './cst.ts';
import { syntaxError } from './diag.ts';
import { buildExpression, stringLit } from './build-expr.ts';
import { atMostOne, buildDenyTarget, DENY_TARGETS, headSpan, roleList, roleRef } from './build-decls.ts';
import * as T from './tokens.ts';

export function buildAssert(ctx: BuildContext, n: CstNode): AssertDecl | undefined {
  const nameTok = token(n, T.StringLiteral.name);
  if (!nameTok) return undefined;
  const lit = stringLit(ctx, nameTok);
  const name = { text: lit.value, span: lit.span };
  const span = nodeSpan(ctx, n);
  const where = `assert ${nameTok.image}`;
  const head = () => headSpan(ctx, token(n, T.Assert.name), name, span);

  const quantifiers: IToken[] = [...tokens(n, T.Never.name), ...tokens(n, T.Always.name)].sort((a, b) => a.startOffset - b.startOffset);
  if (quantifiers.length === 0 && !n.recoveredNode) ctx.diagnostics.push(syntaxError('E0130', `${where} needs 'never' or 'always' before its target`, head()));
  for (const extra of quantifiers.slice(1)) ctx.diagnostics.push(syntaxError('E0130', `${where} has more than one 'never'/'always'`, tokenSpan(ctx, extra)));

  const targets = ordered(n, DENY_TARGETS);
  if (targets.length === 0 && !n.recoveredNode)
    ctx.diagnostics.push(syntaxError('E0131', `${where} needs a target (index, cluster, run_as, application or cloud)`, head()));
  for (const extra of targets.slice(1)) ctx.diagnostics.push(syntaxError('E0131', `${where} has more than one target: write one assert per target`, nodeSpan(ctx, extra.node)));
  const target = targets[0] ? buildDenyTarget(ctx, targets[0].key, targets[0].node) : undefined;

  const forNode = atMostOne(ctx, nodes(n, 'assertFor'), 'for', where);
  const exemptNode = atMostOne(ctx, nodes(n, 'assertExempt'), 'unless role', where);
  const whenNode = atMostOne(ctx, nodes(n, 'assertWhen'), 'when', where);
  const forRole = forNode && token(forNode, T.Role.name) ? roleRef(ctx, node(forNode, 'roleRef')) : undefined;
  const forUserTok = forNode && token(forNode, T.User.name) ? token(forNode, T.StringLiteral.name) : undefined;
  const q = quantifiers[0];
  return {
    kind: 'assert',
    name,
    ...(q ? { quantifier: { kind: q.image as 'never' | 'always', span: tokenSpan(ctx, q) } } : {}),
    ...(target ? { target } : {}),
    ...(forRole ? { forRole } : {}),
    ...(forUserTok ? { forUser: stringLit(ctx, forUserTok) } : {}),
    exempt: exemptNode ? roleList(ctx, node(exemptNode, 'roleList')) : [],
    ...(whenNode ? { when: buildExpression(ctx, node(whenNode, 'expression')) } : {}),
    span,
  };
}
