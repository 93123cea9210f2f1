/**
 * fast-check arbitraries for `.role` ASTs as a program would build them (dummy spans,
 * no source text), and for noisy source text around them (comments of every kind, empty
 * lines, CRLF, odd spacing between tokens). Used by the printer's property tests.
 */
import fc from 'fast-check';
import type { Declaration, Expr, MethodName, Name, Privilege, RoleClause, StringLit } from '../../src/syntax/ast.ts';
import type { AttrType } from '../../src/semantics/ir.ts';
import { tokenize } from '../../src/syntax/lexer.ts';
import { LineMap } from '../../src/syntax/positions.ts';

const P = { line: 1, col: 1, offset: 0 };
export const SPAN = { file: 'gen.role', start: P, end: P };

const WORDS = ['a', 'b', 'dept', 'x_1', 'role', 'index', 'all', 'user', 'cloud', 'contains', 'ip', 'read', 'documents', 'Level'];
const ident = fc.oneof(fc.constantFrom(...WORDS), fc.stringMatching(/^[a-z_][a-z0-9_]{0,6}$/)).filter((s) => !['has', 'in', 'like', 'true', 'false'].includes(s));
const name: fc.Arbitrary<Name> = ident.map((text) => ({ text, span: SPAN }));
const dotted: fc.Arbitrary<Name> = fc.array(ident, { minLength: 1, maxLength: 2 }).map((p) => ({ text: p.join('.'), span: SPAN }));

const CHARS = ['a', 'Z', '0', '*', '-', '.', ' ', '"', '\\', '/', '\n', '\t', '\u0001', 'é', '😀', '\u2028', ':'];
const text = fc.array(fc.constantFrom(...CHARS), { maxLength: 8 }).map((cs) => cs.join(''));
const str: fc.Arbitrary<StringLit> = text.map((value) => ({ kind: 'string', value, span: SPAN }));
const strs = (min = 1) => fc.array(str, { minLength: min, maxLength: 3 });

const privilege: fc.Arbitrary<Privilege> = fc.oneof(
  ident.map((t) => ({ text: t, quoted: false, span: SPAN })),
  text.map((t) => ({ text: t, quoted: true, span: SPAN })),
);
const privileges = fc.array(privilege, { minLength: 1, maxLength: 4 });

const literal = fc.oneof(
  str,
  fc.integer({ min: -(2 ** 53 - 1), max: 2 ** 53 - 1 }).map((v) => ({ kind: 'int' as const, value: v === 0 ? 0 : v, text: String(v === 0 ? 0 : v), span: SPAN })),
  fc.boolean().map((value) => ({ kind: 'bool' as const, value, span: SPAN })),
);

const METHODS: Record<MethodName, number> = { contains: 1, containsAll: 1, containsAny: 1, isEmpty: 0, isInRange: 1 };

export const expr: fc.Arbitrary<Expr> = fc.letrec<{ e: Expr }>((tie) => ({
  e: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    literal,
    fc.array(name, { minLength: 1, maxLength: 3 }).map((segments) => ({ kind: 'path' as const, segments, span: SPAN })),
    str.map((arg) => ({ kind: 'ip' as const, arg, span: SPAN })),
    fc.array(tie('e'), { maxLength: 3 }).map((elements) => ({ kind: 'set' as const, elements, span: SPAN })),
    fc.tuple(fc.constantFrom(...(Object.keys(METHODS) as MethodName[])), tie('e'), tie('e')).map(([method, receiver, arg]) => ({
      kind: 'call' as const,
      method,
      methodSpan: SPAN,
      receiver,
      args: METHODS[method] === 0 ? [] : [arg],
      span: SPAN,
    })),
    fc.tuple(fc.constantFrom('==', '!=', '<', '<=', '>', '>=' as const), tie('e'), tie('e')).map(([op, left, right]) => ({ kind: 'compare' as const, op, opSpan: SPAN, left, right, span: SPAN })),
    fc.tuple(tie('e'), tie('e')).map(([elem, set]) => ({ kind: 'in' as const, elem, set, span: SPAN })),
    fc.tuple(tie('e'), str).map(([e, pattern]) => ({ kind: 'like' as const, expr: e, pattern, span: SPAN })),
    tie('e').map((operand) => ({ kind: 'has' as const, operand, span: SPAN })),
    fc.array(tie('e'), { minLength: 2, maxLength: 4 }).map((args) => ({ kind: 'and' as const, args, span: SPAN })),
    fc.array(tie('e'), { minLength: 2, maxLength: 4 }).map((args) => ({ kind: 'or' as const, args, span: SPAN })),
    tie('e').map((arg) => ({ kind: 'not' as const, arg, span: SPAN })),
  ),
})).e;

const ATTR_TYPES: AttrType[] = ['String', 'Long', 'Bool', 'IpAddr', 'Set<String>', 'Set<Long>'];

const clause: fc.Arbitrary<RoleClause> = fc.oneof(
  fc.constant(null).chain(() => fc.record({ kind: fc.constant('cluster' as const), privileges, span: fc.constant(SPAN) })),
  fc.record({ kind: fc.constant('run_as' as const), patterns: strs(), span: fc.constant(SPAN) }),
  fc.record({ kind: fc.constant('application' as const), application: str, privileges, resources: strs(), span: fc.constant(SPAN) }),
  fc
    .record({
      patterns: strs(),
      except: strs(0),
      privileges,
      fields: fc.option(fc.record({ grant: strs(), except: strs(0), span: fc.constant(SPAN) }), { nil: undefined }),
      documents: fc.option(expr, { nil: undefined }),
      short: fc.boolean(),
    })
    .map(({ short, ...c }) => ({ kind: 'index' as const, form: short && !c.fields && !c.documents ? ('short' as const) : ('block' as const), ...c, span: SPAN })),
);

/** A role: clauses in any order, at most one description / metadata / where. */
const role = fc
  .record({
    name: dotted,
    includes: fc.array(dotted, { maxLength: 3 }),
    clauses: fc.array(clause, { maxLength: 4 }),
    description: fc.option(str, { nil: undefined }),
    metadata: fc.option(fc.array(fc.record({ key: fc.oneof(name, text.map((t) => ({ text: t, span: SPAN }))), value: literal, span: fc.constant(SPAN) }), { maxLength: 3 }), { nil: undefined }),
    where: fc.option(expr, { nil: undefined }),
    at: fc.nat(),
  })
  .map(({ name, includes, clauses, description, metadata, where, at }): Declaration => {
    const extra: RoleClause[] = [];
    if (description) extra.push({ kind: 'description', text: description, span: SPAN });
    if (metadata) extra.push({ kind: 'metadata', entries: metadata, span: SPAN });
    if (where) extra.push({ kind: 'where', cond: where, span: SPAN });
    const all = [...clauses];
    extra.forEach((c, i) => all.splice((at + i) % (all.length + 1), 0, c));
    return { kind: 'role', name, includes, clauses: all, span: SPAN };
  });

const denyTarget = fc.oneof(
  fc.record({ kind: fc.constant('index' as const), patterns: strs(), except: strs(0), privileges, span: fc.constant(SPAN) }),
  fc.record({ kind: fc.constant('cluster' as const), privileges, span: fc.constant(SPAN) }),
  fc.record({ kind: fc.constant('run_as' as const), patterns: strs(), span: fc.constant(SPAN) }),
  fc.record({ kind: fc.constant('application' as const), application: str, privileges, resources: strs(), span: fc.constant(SPAN) }),
  fc.record({ kind: fc.constant('cloud' as const), privileges, deployments: fc.option(strs(), { nil: undefined }), span: fc.constant(SPAN) }),
);

export const declaration: fc.Arbitrary<Declaration> = fc.oneof(
  role,
  fc.record({
    kind: fc.constant('schema' as const),
    blocks: fc.subarray(['user', 'document', 'context'] as const).chain((scopes) =>
      fc.tuple(
        ...scopes.map((scope) =>
          fc.record({
            scope: fc.constant(scope),
            scopeSpan: fc.constant(SPAN),
            attributes: fc.array(fc.record({ name, optional: fc.boolean(), type: fc.constantFrom(...ATTR_TYPES), typeSpan: fc.constant(SPAN), span: fc.constant(SPAN) }), { maxLength: 3 }),
            span: fc.constant(SPAN),
          }),
        ),
      ),
    ),
    span: fc.constant(SPAN),
  }),
  fc
    .record({
      name,
      forWhom: fc.oneof(fc.constant(undefined), dotted.map((r) => ({ forRole: r })), str.map((u) => ({ forUser: u }))),
      target: denyTarget,
      condition: fc.option(fc.record({ mode: fc.constantFrom('when' as const, 'unless' as const), cond: expr, span: fc.constant(SPAN) }), { nil: undefined }),
    })
    .map(({ name, forWhom, target, condition }): Declaration => ({ kind: 'deny', name, ...forWhom, target, ...(condition ? { condition } : {}), span: SPAN })),
  fc.record({ kind: fc.constant('assignment' as const), holder: fc.constantFrom('user' as const, 'api_key' as const, 'group' as const), holderSpan: fc.constant(SPAN), id: str, roles: fc.array(dotted, { minLength: 1, maxLength: 3 }), span: fc.constant(SPAN) }),
  fc.record({ kind: fc.constant('mapping' as const), name, roles: fc.array(dotted, { minLength: 1, maxLength: 3 }), when: fc.option(expr, { nil: undefined }), span: fc.constant(SPAN) }),
  fc.record({
    kind: fc.constant('assign' as const),
    principalType: fc.constantFrom('user' as const, 'api_key' as const),
    principalTypeSpan: fc.constant(SPAN),
    id: str,
    role: dotted,
    scope: fc.oneof(
      fc.constant({ kind: 'organization' as const, span: SPAN }),
      fc.constant({ kind: 'all_deployments' as const, span: SPAN }),
      strs().map((names) => ({ kind: 'deployments' as const, names, span: SPAN })),
    ),
    span: fc.constant(SPAN),
  }),
);

export const declarations = fc.array(declaration, { maxLength: 5 });

// ---------------------------------------------------------------------------
// Noise between tokens

export type Noise = { kind: 'space' | 'newline' | 'blank' | 'crlf' | 'line' | 'block' | 'multiline' | 'none' };
const noise: fc.Arbitrary<Noise['kind']> = fc.constantFrom('space', 'space', 'space', 'newline', 'blank', 'crlf', 'line', 'block', 'multiline', 'none');

/** Between every two tokens of `text`, some whitespace or a numbered comment of some kind. */
export const noisy = (source: string) =>
  fc.array(noise, { minLength: 1, maxLength: 400 }).map((kinds) => {
    const { tokens } = tokenize(source, new LineMap('n.role', source));
    let out = '';
    let n = 0;
    tokens.forEach((t, i) => {
      out += t.image;
      const k = kinds[i % kinds.length]!;
      const id = () => `c${n++}`;
      switch (k) {
        case 'none':
        case 'space':
          out += ' ';
          break;
        case 'newline':
          out += '\n    ';
          break;
        case 'blank':
          out += '\n\n\n';
          break;
        case 'crlf':
          out += '\r\n';
          break;
        case 'line':
          out += ` // ${id()}  \n`;
          break;
        case 'block':
          out += ` /* ${id()} */ `;
          break;
        case 'multiline':
          out += `/* ${id()}\r\n   more */\n`;
          break;
      }
    });
    return `/* head */\n${out}\n// tail\n`;
  });
