/**
 * After parser recovery an AST may be partial (missing optionals, empty lists, `error`
 * expressions). The analyser must report what it can and never throw on such trees.
 */
import { describe, expect, it } from 'vitest';
import { analyse } from '../../src/semantics/analyse.ts';
import type { Declaration, RoleFileAst } from '../../src/syntax/ast.ts';

const pos = { line: 1, col: 1, offset: 0 };
const span = { file: 'p.role', start: pos, end: { line: 1, col: 5, offset: 4 } };
const name = (text: string) => ({ text, span });
const err = { kind: 'error' as const, span };

function run(declarations: unknown[]) {
  const ast = { kind: 'file', file: 'p.role', declarations: declarations as Declaration[], span } satisfies RoleFileAst;
  return analyse([{ rel: 'p.role', text: '', ast }]);
}

describe('partial ASTs', () => {
  it('tolerates missing targets, scopes, conditions and lists', () => {
    const decls = [
      { kind: 'role', name: name('a'), includes: [], clauses: [
        { kind: 'index', form: 'block', patterns: [], except: [], privileges: [], documents: err, span },
        { kind: 'where', cond: { kind: 'and', args: [err, { kind: 'not', arg: err }], span }, span },
        { kind: 'application', application: undefined, privileges: [], resources: [], span },
        { kind: 'metadata', entries: [], span },
      ], span },
      { kind: 'deny', name: name('d'), span },
      { kind: 'deny', name: name('e'), target: { kind: 'cloud', privileges: [], span }, condition: { mode: 'when', cond: err, span }, span },
      { kind: 'assign', principalType: 'user', principalTypeSpan: span, id: { kind: 'string', value: 'x', span }, role: name('cloud.admin'), span },
      { kind: 'assign', principalType: 'user', principalTypeSpan: span, id: { kind: 'string', value: 'x', span }, span },
      { kind: 'mapping', name: name('m'), roles: [], span },
      { kind: 'assignment', holder: 'user', holderSpan: span, id: { kind: 'string', value: 'u', span }, roles: [], span },
      { kind: 'schema', blocks: [{ scope: 'user', scopeSpan: span, attributes: [], span }], span },
      { kind: 'role', name: name('b'), includes: [name('a')], clauses: [{ kind: 'where', cond: { kind: 'has', operand: err, span }, span }], span },
    ];
    expect(() => run(decls)).not.toThrow();
  });

  it('tolerates odd expressions in conditions', () => {
    const where = (cond: unknown) => ({ kind: 'role', name: name('r'), includes: [], clauses: [{ kind: 'where', cond, span }], span });
    const odd = [
      { kind: 'path', segments: [], span },
      { kind: 'call', method: 'contains', methodSpan: span, receiver: err, args: [], span },
      { kind: 'call', method: 'isInRange', methodSpan: span, receiver: { kind: 'ip', arg: { kind: 'string', value: '1.2.3.4', span }, span }, args: [], span },
      { kind: 'in', elem: err, set: err, span },
      { kind: 'like', expr: { kind: 'string', value: 'x', span }, pattern: { kind: 'string', value: 'x', span }, span },
      { kind: 'set', elements: [], span },
      { kind: 'ip', arg: { kind: 'string', value: '::1/129', span }, span },
    ];
    for (const cond of odd) expect(() => run([where(cond)])).not.toThrow();
  });
});
