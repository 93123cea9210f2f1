/**
 * The condition language's precedence (lowest → highest): ||, &&, !, comparison/in/like
 * (non-associative), has, postfix method calls, primary.
 */
import { describe, expect, it } from 'vitest';
import { parseRoleFile } from '../../src/syntax/index.ts';
import { cond, sexpr } from './helpers.ts';

const c = (text: string) => sexpr(cond(text));

describe('conditions: boolean connectives', () => {
  it('! binds tighter than &&, which binds tighter than ||', () => {
    expect(c('!a && b || c')).toBe('(|| (&& (! a) b) c)');
    expect(c('a || b && c')).toBe('(|| a (&& b c))');
    expect(c('a && b || c && d')).toBe('(|| (&& a b) (&& c d))');
  });

  it('flattens chains of the same connective into one n-ary node', () => {
    expect(c('a && b && c')).toBe('(&& a b c)');
    expect(c('a || b || c || d')).toBe('(|| a b c d)');
  });

  it('parentheses override precedence and leave no node', () => {
    expect(c('(a || b) && c')).toBe('(&& (|| a b) c)');
    expect(c('!(a && b)')).toBe('(! (&& a b))');
    expect(c('((a))')).toBe('a');
  });

  it('! applies to a whole comparison', () => {
    expect(c('!user.a == "x"')).toBe('(! (== user.a "x"))');
    expect(c('!!context.mfa')).toBe('(! (! context.mfa))');
  });
});

describe('conditions: comparisons, in, like', () => {
  it('parses every comparison operator with operands of every literal kind', () => {
    expect(c('user.a == "x"')).toBe('(== user.a "x")');
    expect(c('user.a != document.b')).toBe('(!= user.a document.b)');
    expect(c('user.n < 3')).toBe('(< user.n 3)');
    expect(c('user.n <= -3')).toBe('(<= user.n -3)');
    expect(c('user.n > 0')).toBe('(> user.n 0)');
    expect(c('user.n >= 10')).toBe('(>= user.n 10)');
    expect(c('context.mfa == true')).toBe('(== context.mfa true)');
    expect(c('false != context.mfa')).toBe('(!= false context.mfa)');
  });

  it('binds comparisons tighter than && and ||', () => {
    expect(c('user.a == "x" && user.n > 1 || user.b != "y"')).toBe('(|| (&& (== user.a "x") (> user.n 1)) (!= user.b "y"))');
  });

  it('parses in with set literals and attribute sets', () => {
    expect(c('"admins" in principal.groups')).toBe('(in "admins" principal.groups)');
    expect(c('user.dept in ["a", "b"]')).toBe('(in user.dept ["a" "b"])');
    expect(c('user.level in [1, 2, -3]')).toBe('(in user.level [1 2 -3])');
    expect(c('user.x in []')).toBe('(in user.x [])');
  });

  it('parses like with a string pattern', () => {
    expect(c('resource.index like "logs-*" && principal.id like "svc-*"')).toBe('(&& (like resource.index "logs-*") (like principal.id "svc-*"))');
  });

  it('rejects chained comparisons (non-associative) with E0110 at the second operator', () => {
    for (const [text, col] of [
      ['a == b == c', 23],
      ['a < b < c', 22],
      ['a == b in c', 23],
      ['a in b like "x"', 23],
    ] as const) {
      const { diagnostics } = parseRoleFile('t.role', `role r { where ${text} }`);
      expect(diagnostics.map((d) => [d.code, d.span.start.col]), text).toEqual([['E0110', col]]);
    }
  });

  it('allows a parenthesised comparison as an operand', () => {
    expect(c('(user.a == "x") == context.mfa')).toBe('(== (== user.a "x") context.mfa)');
  });
});

describe('conditions: has, method calls, ip', () => {
  it('has binds tighter than comparison and && but looser than postfix', () => {
    expect(c('has user.email && user.email like "*@acme.io"')).toBe('(&& (has user.email) (like user.email "*@acme.io"))');
    expect(c('has user.email == true')).toBe('(== (has user.email) true)');
    expect(c('!has document.owner')).toBe('(! (has document.owner))');
    expect(c('has user.tags.isEmpty()')).toBe('(has (.isEmpty user.tags))');
  });

  it('method calls bind to the path before them', () => {
    expect(c('user.security_attributes.containsAll(document.security_attributes)')).toBe(
      '(.containsAll user.security_attributes document.security_attributes)',
    );
    expect(c('principal.groups.contains("x") && !user.tags.isEmpty()')).toBe('(&& (.contains principal.groups "x") (! (.isEmpty user.tags)))');
    expect(c('user.tags.containsAny(["a", "b"]) == false')).toBe('(== (.containsAny user.tags ["a" "b"]) false)');
    expect(c('[1, 2].contains(user.n)')).toBe('(.contains [1 2] user.n)');
  });

  it('parses ip(...) and isInRange', () => {
    expect(c('context.source_ip.isInRange(ip("10.0.0.0/8"))')).toBe('(.isInRange context.source_ip (ip "10.0.0.0/8"))');
    expect(c('ip("10.1.2.3").isInRange(ip("10.0.0.0/8"))')).toBe('(.isInRange (ip "10.1.2.3") (ip "10.0.0.0/8"))');
  });

  it('accepts keywords as attribute names after a dot (resource.index, user.role)', () => {
    expect(c('resource.index == "x" && user.role == document.group')).toBe('(&& (== resource.index "x") (== user.role document.group))');
  });

  it('gives every condition node a span covering its source text', () => {
    const text = 'role r { where !(user.a == "x") && has user.b }';
    const { ast } = parseRoleFile('t.role', text);
    const role = ast.declarations[0];
    if (role?.kind !== 'role' || role.clauses[0]?.kind !== 'where') throw new Error('shape');
    const e = role.clauses[0].cond;
    const slice = (x: { span: { start: { offset: number }; end: { offset: number } } }) => text.slice(x.span.start.offset, x.span.end.offset);
    expect(slice(e)).toBe('!(user.a == "x") && has user.b');
    if (e.kind !== 'and') throw new Error('shape');
    expect(slice(e.args[0]!)).toBe('!(user.a == "x")');
    expect(slice(e.args[1]!)).toBe('has user.b');
    const not = e.args[0]!;
    if (not.kind !== 'not' || not.arg.kind !== 'compare') throw new Error('shape');
    expect(slice(not.arg)).toBe('user.a == "x"');
    expect(slice({ span: not.arg.opSpan })).toBe('==');
    expect(slice(not.arg.right)).toBe('"x"');
  });
});
