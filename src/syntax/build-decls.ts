/**
 * CST → AST for declarations (language.md §1–§6), plus the structural checks the
 * grammar leaves to us because a clause list in braces accepts clauses in any order:
 * duplicates (E0111), missing required clauses (E0112), several deny targets (E0113),
 * unknown schema blocks / types (E0115 / E0114). Checks on missing pieces are skipped
 * inside nodes the parser recovered, where an error was already reported.
 */
import type { CstNode, IToken } from 'chevrotain';
import type { Span } from '../diagnostics/types.ts';
import type {
  AttrType, AttributeDecl, CloudAssignDecl, CloudScope, Declaration, DenyDecl, DenyTarget, FieldsClause,
  MappingDecl, MetadataEntry, Name, Privilege, RoleAssignmentDecl, RoleClause, RoleDecl, SchemaBlock,
  SchemaDecl, SchemaScope, StringLit,
} from './ast.ts';
import { type BuildContext, mapDefined, node, nodeSpan, nodeStart, nodes, ordered, token, tokens, tokenSpan } from './cst.ts';
import { syntaxError } from './diag.ts';
import { buildExpression, buildLiteral, stringLit } from './build-expr.ts';
import { cover } from './positions.ts';
import * as T from './tokens.ts';
import { buildAssert } from './build-assert.ts';

const ATTR_TYPES: ReadonlySet<string> = new Set<AttrType>(['String', 'Long', 'Bool', 'IpAddr', 'Set<String>', 'Set<Long>']);
const SCHEMA_SCOPES: ReadonlySet<string> = new Set<SchemaScope>(['user', 'document', 'context']);

export function buildDeclarations(ctx: BuildContext, file: CstNode): Declaration[] {
  const out: Declaration[] = [];
  for (const { key, node: n } of ordered(file, ['schemaDecl', 'roleDecl', 'denyDecl', 'assignmentDecl', 'mappingDecl', 'assignDecl', 'assertDecl'])) {
    const d = DECLARATION_BUILDERS[key]!(ctx, n);
    if (d) out.push(d);
  }
  return out;
}

const DECLARATION_BUILDERS: Record<string, (ctx: BuildContext, n: CstNode) => Declaration | undefined> = {
  schemaDecl: buildSchema,
  roleDecl: buildRole,
  denyDecl: buildDeny,
  assignmentDecl: buildAssignment,
  mappingDecl: buildMapping,
  assignDecl: buildAssign,
  assertDecl: buildAssert,
};

// ---------------------------------------------------------------- leaves and lists

function nameOf(ctx: BuildContext, t: IToken): Name {
  return { text: t.image, span: tokenSpan(ctx, t) };
}

export function roleRef(ctx: BuildContext, n: CstNode | undefined): Name | undefined {
  if (!n) return undefined;
  const parts = tokens(n, T.SoftName.name);
  if (parts.length === 0) return undefined;
  return { text: parts.map((p) => p.image).join('.'), span: cover(tokenSpan(ctx, parts[0]!), tokenSpan(ctx, parts[parts.length - 1]!)) };
}

export function roleList(ctx: BuildContext, n: CstNode | undefined): Name[] {
  if (!n) return [];
  return mapDefined(nodes(n, 'roleRef'), (r) => roleRef(ctx, r));
}

function patternList(ctx: BuildContext, n: CstNode | undefined): StringLit[] {
  return n ? tokens(n, T.StringLiteral.name).map((t) => stringLit(ctx, t)) : [];
}

function privilegeList(ctx: BuildContext, n: CstNode | undefined): Privilege[] {
  if (!n) return [];
  return mapDefined(nodes(n, 'privilege'), (p): Privilege | undefined => {
    const name = token(p, T.SoftName.name);
    if (name) return { text: name.image, quoted: false, span: tokenSpan(ctx, name) };
    const s = token(p, T.StringLiteral.name);
    if (s) return { text: typeof s.payload === 'string' ? s.payload : '', quoted: true, span: tokenSpan(ctx, s) };
    return undefined;
  });
}

/** `PATTERNS [except PATTERNS]`: the except list is the pattern list after `except`. */
function patternsAndExcept(ctx: BuildContext, n: CstNode): { patterns: StringLit[]; except: StringLit[] } {
  const lists = nodes(n, 'patternList');
  const exceptTok = token(n, T.Except.name);
  const at = exceptTok?.startOffset ?? Infinity;
  const before = lists.filter((l) => nodeStart(l) < at);
  const after = lists.filter((l) => nodeStart(l) > at);
  return { patterns: patternList(ctx, before[0]), except: patternList(ctx, after[0]) };
}

/** Reports E0111 for every occurrence after the first; returns the first. */
export function atMostOne(ctx: BuildContext, found: CstNode[], what: string, where: string): CstNode | undefined {
  for (const dup of found.slice(1)) {
    ctx.diagnostics.push(syntaxError('E0111', `duplicate '${what}' in ${where}`, nodeSpan(ctx, dup)));
  }
  return found[0];
}

/** Like atMostOne, and E0112 when absent (unless the parser already reported an error here). */
function exactlyOne(ctx: BuildContext, owner: CstNode, ownerSpan: () => Span, found: CstNode[], what: string, where: string): CstNode | undefined {
  if (found.length === 0 && !owner.recoveredNode) {
    ctx.diagnostics.push(syntaxError('E0112', `${where} needs a '${what}' clause`, ownerSpan()));
  }
  return atMostOne(ctx, found, what, where);
}

/** Span of a declaration's head (keyword + name) — where "missing clause" points. */
export function headSpan(ctx: BuildContext, keyword: IToken | undefined, name: Name | StringLit | undefined, whole: Span): Span {
  if (keyword && name) return cover(tokenSpan(ctx, keyword), name.span);
  return keyword ? tokenSpan(ctx, keyword) : whole;
}

// ---------------------------------------------------------------- schema

function buildSchema(ctx: BuildContext, n: CstNode): SchemaDecl {
  const blocks = mapDefined(nodes(n, 'schemaBlock'), (b) => buildSchemaBlock(ctx, b));
  return { kind: 'schema', blocks, span: nodeSpan(ctx, n) };
}

function buildSchemaBlock(ctx: BuildContext, n: CstNode): SchemaBlock | undefined {
  const scopeTok = token(n, T.SoftName.name);
  if (!scopeTok) return undefined;
  const scopeSpan = tokenSpan(ctx, scopeTok);
  if (!SCHEMA_SCOPES.has(scopeTok.image)) {
    ctx.diagnostics.push(syntaxError('E0115', `unknown schema block '${scopeTok.image}' (expected user, document or context)`, scopeSpan));
    return undefined;
  }
  const attributes = mapDefined(nodes(n, 'attributeDecl'), (a) => buildAttribute(ctx, a));
  return { scope: scopeTok.image as SchemaScope, scopeSpan, attributes, span: nodeSpan(ctx, n) };
}

function buildAttribute(ctx: BuildContext, n: CstNode): AttributeDecl | undefined {
  const nameTok = token(n, T.SoftName.name);
  const typeNode = node(n, 'typeRef');
  if (!nameTok || !typeNode) return undefined;
  const parts = tokens(typeNode, T.SoftName.name);
  if (parts.length === 0) return undefined;
  const text = parts.length === 1 ? parts[0]!.image : `${parts[0]!.image}<${parts[1]!.image}>`;
  const typeSpan = nodeSpan(ctx, typeNode);
  if (!ATTR_TYPES.has(text)) {
    ctx.diagnostics.push(
      syntaxError('E0114', `unknown type '${text}' (expected String, Long, Bool, IpAddr, Set<String> or Set<Long>)`, typeSpan),
    );
    return undefined;
  }
  return {
    name: nameOf(ctx, nameTok),
    optional: token(n, T.Question.name) !== undefined,
    type: text as AttrType,
    typeSpan,
    span: nodeSpan(ctx, n),
  };
}

// ---------------------------------------------------------------- roles

const ROLE_CLAUSES = ['descriptionClause', 'metadataClause', 'whereClause', 'clusterClause', 'indexClause', 'runAsClause', 'applicationClause'] as const;

function buildRole(ctx: BuildContext, n: CstNode): RoleDecl | undefined {
  const refs = nodes(n, 'roleRef');
  const name = roleRef(ctx, refs[0]);
  if (!name) return undefined;
  const span = nodeSpan(ctx, n);
  const where = `role '${name.text}'`;
  for (const single of ['descriptionClause', 'metadataClause', 'whereClause']) {
    atMostOne(ctx, nodes(n, single), single.replace('Clause', ''), where);
  }
  const clauses = mapDefined(ordered(n, ROLE_CLAUSES), ({ key, node: c }) => buildRoleClause(ctx, key, c));
  return { kind: 'role', name, includes: roleList(ctx, node(n, 'roleList')), clauses, span };
}

function buildRoleClause(ctx: BuildContext, key: string, n: CstNode): RoleClause | undefined {
  const span = nodeSpan(ctx, n);
  switch (key) {
    case 'descriptionClause': {
      const s = token(n, T.StringLiteral.name);
      return s ? { kind: 'description', text: stringLit(ctx, s), span } : undefined;
    }
    case 'metadataClause':
      return { kind: 'metadata', entries: mapDefined(nodes(n, 'metadataEntry'), (e) => buildMetadataEntry(ctx, e)), span };
    case 'whereClause':
      return { kind: 'where', cond: buildExpression(ctx, node(n, 'expression')), span };
    case 'clusterClause':
      return { kind: 'cluster', privileges: privilegeList(ctx, node(n, 'privilegeList')), span };
    case 'indexClause':
      return buildIndexClause(ctx, n, span);
    case 'runAsClause':
      return { kind: 'run_as', patterns: patternList(ctx, node(n, 'patternList')), span };
    case 'applicationClause':
      return buildApplication(ctx, n, span);
  }
  return undefined;
}

function buildMetadataEntry(ctx: BuildContext, n: CstNode): MetadataEntry | undefined {
  const keyTok = token(n, T.SoftName.name) ?? token(n, T.StringLiteral.name);
  const lit = node(n, 'literal');
  const value = lit ? buildLiteral(ctx, lit) : undefined;
  if (!keyTok || !value) return undefined;
  const key: Name =
    keyTok.tokenType === T.StringLiteral ? { text: stringLit(ctx, keyTok).value, span: tokenSpan(ctx, keyTok) } : nameOf(ctx, keyTok);
  return { key, value, span: nodeSpan(ctx, n) };
}

function buildIndexClause(ctx: BuildContext, n: CstNode, span: Span): RoleClause {
  const { patterns, except } = patternsAndExcept(ctx, n);
  const form = token(n, T.LCurly.name) ? 'block' : 'short';
  const where = 'an index permission';
  const head = () => headSpan(ctx, token(n, T.Index.name), patterns[0], span);
  const privs = exactlyOne(ctx, n, head, nodes(n, 'privilegesClause'), 'privileges', where);
  const fieldsNode = atMostOne(ctx, nodes(n, 'fieldsClause'), 'fields', where);
  const docsNode = atMostOne(ctx, nodes(n, 'documentsClause'), 'documents', where);
  let fields: FieldsClause | undefined;
  if (fieldsNode) {
    const lists = patternsAndExcept(ctx, fieldsNode);
    fields = { grant: lists.patterns, except: lists.except, span: nodeSpan(ctx, fieldsNode) };
  }
  return {
    kind: 'index',
    form,
    patterns,
    except,
    privileges: privs ? privilegeList(ctx, node(privs, 'privilegeList')) : [],
    ...(fields ? { fields } : {}),
    ...(docsNode ? { documents: buildExpression(ctx, node(docsNode, 'expression')) } : {}),
    span,
  };
}

function buildApplication(ctx: BuildContext, n: CstNode, span: Span): Extract<RoleClause, { kind: 'application' }> | undefined {
  const appTok = token(n, T.StringLiteral.name);
  if (!appTok) return undefined;
  const application = stringLit(ctx, appTok);
  const where = `application ${JSON.stringify(application.value)}`;
  const head = () => headSpan(ctx, token(n, T.Application.name), application, span);
  const privs = exactlyOne(ctx, n, head, nodes(n, 'privilegesClause'), 'privileges', where);
  const res = exactlyOne(ctx, n, head, nodes(n, 'resourcesClause'), 'resources', where);
  return {
    kind: 'application',
    application,
    privileges: privs ? privilegeList(ctx, node(privs, 'privilegeList')) : [],
    resources: res ? patternList(ctx, node(res, 'patternList')) : [],
    span,
  };
}

// ---------------------------------------------------------------- denies

export const DENY_TARGETS = ['denyIndexTarget', 'clusterClause', 'runAsClause', 'applicationClause', 'denyCloudTarget'] as const;

function buildDeny(ctx: BuildContext, n: CstNode): DenyDecl | undefined {
  const nameTok = token(n, T.SoftName.name);
  if (!nameTok) return undefined;
  const name = nameOf(ctx, nameTok);
  const span = nodeSpan(ctx, n);
  const where = `deny '${name.text}'`;
  const targets = ordered(n, DENY_TARGETS);
  if (targets.length === 0 && !n.recoveredNode) {
    ctx.diagnostics.push(
      syntaxError('E0112', `${where} needs a target (index, cluster, run_as, application or cloud)`, headSpan(ctx, token(n, T.Deny.name), name, span)),
    );
  }
  for (const extra of targets.slice(1)) {
    ctx.diagnostics.push(syntaxError('E0113', `${where} has more than one target: write one deny per target`, nodeSpan(ctx, extra.node)));
  }
  const target = targets[0] ? buildDenyTarget(ctx, targets[0].key, targets[0].node) : undefined;
  const condNode = atMostOne(ctx, nodes(n, 'denyCondition'), 'when/unless', where);
  const forRole = token(n, T.For.name) && token(n, T.Role.name) ? roleRef(ctx, node(n, 'roleRef')) : undefined;
  const forUserTok = token(n, T.For.name) && token(n, T.User.name) ? token(n, T.StringLiteral.name) : undefined;
  return {
    kind: 'deny',
    name,
    ...(forRole ? { forRole } : {}),
    ...(forUserTok ? { forUser: stringLit(ctx, forUserTok) } : {}),
    ...(target ? { target } : {}),
    ...(condNode
      ? {
          condition: {
            mode: token(condNode, T.Unless.name) ? 'unless' : 'when',
            cond: buildExpression(ctx, node(condNode, 'expression')),
            span: nodeSpan(ctx, condNode),
          },
        }
      : {}),
    span,
  };
}

export function buildDenyTarget(ctx: BuildContext, key: string, n: CstNode): DenyTarget | undefined {
  const span = nodeSpan(ctx, n);
  switch (key) {
    case 'denyIndexTarget': {
      const privs = node(n, 'privilegesClause');
      return { kind: 'index', ...patternsAndExcept(ctx, n), privileges: privs ? privilegeList(ctx, node(privs, 'privilegeList')) : [], span };
    }
    case 'clusterClause':
      return { kind: 'cluster', privileges: privilegeList(ctx, node(n, 'privilegeList')), span };
    case 'runAsClause':
      return { kind: 'run_as', patterns: patternList(ctx, node(n, 'patternList')), span };
    case 'applicationClause':
      return buildApplication(ctx, n, span);
    case 'denyCloudTarget': {
      const privileges = privilegeList(ctx, node(n, 'privilegeList'));
      return token(n, T.On.name)
        ? { kind: 'cloud', privileges, deployments: patternList(ctx, node(n, 'patternList')), span }
        : { kind: 'cloud', privileges, span };
    }
  }
  return undefined;
}

// ---------------------------------------------------------------- principals

function buildAssignment(ctx: BuildContext, n: CstNode): RoleAssignmentDecl | undefined {
  const holderTok = token(n, T.User.name) ?? token(n, T.ApiKey.name) ?? token(n, T.Group.name);
  const idTok = token(n, T.StringLiteral.name);
  if (!holderTok || !idTok) return undefined;
  return {
    kind: 'assignment',
    holder: holderTok.image as RoleAssignmentDecl['holder'],
    holderSpan: tokenSpan(ctx, holderTok),
    id: stringLit(ctx, idTok),
    roles: roleList(ctx, node(n, 'roleList')),
    span: nodeSpan(ctx, n),
  };
}

function buildMapping(ctx: BuildContext, n: CstNode): MappingDecl | undefined {
  const nameTok = token(n, T.SoftName.name);
  if (!nameTok) return undefined;
  const name = nameOf(ctx, nameTok);
  const span = nodeSpan(ctx, n);
  const where = `mapping '${name.text}'`;
  const roles = exactlyOne(ctx, n, () => headSpan(ctx, token(n, T.Mapping.name), name, span), nodes(n, 'rolesClause'), 'roles', where);
  const when = atMostOne(ctx, nodes(n, 'whenClause'), 'when', where);
  return {
    kind: 'mapping',
    name,
    roles: roles ? roleList(ctx, node(roles, 'roleList')) : [],
    ...(when ? { when: buildExpression(ctx, node(when, 'expression')) } : {}),
    span,
  };
}

function buildAssign(ctx: BuildContext, n: CstNode): CloudAssignDecl | undefined {
  const typeTok = token(n, T.User.name) ?? token(n, T.ApiKey.name);
  const idTok = token(n, T.StringLiteral.name);
  const role = roleRef(ctx, node(n, 'roleRef'));
  if (!typeTok || !idTok || !role) return undefined;
  const scope = buildScope(ctx, n);
  return {
    kind: 'assign',
    principalType: typeTok.image as CloudAssignDecl['principalType'],
    principalTypeSpan: tokenSpan(ctx, typeTok),
    id: stringLit(ctx, idTok),
    role,
    ...(scope ? { scope } : {}),
    span: nodeSpan(ctx, n),
  };
}

function buildScope(ctx: BuildContext, n: CstNode): CloudScope | undefined {
  const org = token(n, T.Organization.name);
  if (org) return { kind: 'organization', span: tokenSpan(ctx, org) };
  const all = token(n, T.All.name);
  const deps = token(n, T.Deployments.name);
  if (all && deps) return { kind: 'all_deployments', span: cover(tokenSpan(ctx, all), tokenSpan(ctx, deps)) };
  const dep = token(n, T.Deployment.name);
  const list = node(n, 'patternList');
  if (dep && list) {
    const names = patternList(ctx, list);
    if (names.length > 0) return { kind: 'deployments', names, span: cover(tokenSpan(ctx, dep), names[names.length - 1]!.span) };
  }
  return undefined;
}
