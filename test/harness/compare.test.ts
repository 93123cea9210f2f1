import { describe, expect, it } from 'vitest';
import { disagreements, judge } from '../../src/harness/compare.ts';
import { allow, deny, failure } from './doubles.ts';

describe('judging a case', () => {
  it('passes when both engines meet the expectation and agree', () => {
    expect(judge({ expect: 'allow' }, allow('r1'), allow('r1'))).toEqual({ verdict: 'pass', problems: [] });
    expect(judge({ expect: 'deny', deniedBy: ['d1'] }, deny('d1'), deny('d1')).verdict).toBe('pass');
  });

  it('fails an engine that misses the expectation (both, when both do)', () => {
    const j = judge({ expect: 'allow' }, deny(), deny());
    expect(j.verdict).toBe('fail');
    expect(j.problems).toEqual(['cedar: decided deny, expected allow', 'rego: decided deny, expected allow']);
  });

  it('checks reasons and denied_by as sets only when given', () => {
    expect(judge({ expect: 'allow', reasons: ['b', 'a'] }, allow('a', 'b'), allow('a', 'b')).verdict).toBe('pass');
    const j = judge({ expect: 'allow', reasons: ['a'] }, allow('a', 'b'), allow('a', 'b'));
    expect(j.problems[0]).toBe('cedar: reasons differ from expected: engine only [b]');
    expect(judge({ expect: 'deny', deniedBy: ['d2'] }, deny('d1'), deny('d1')).problems[0]).toBe(
      'cedar: denied_by differs from expected: expected only [d2]; engine only [d1]',
    );
  });

  it('reports disagreement on decision and on the deciding rules', () => {
    expect(disagreements(allow('r1'), deny())).toEqual(['decision: cedar allow, rego deny']);
    expect(disagreements(allow('r1'), allow('r2'))).toEqual(['reasons: cedar only [r1]; rego only [r2]']);
    const j = judge({ expect: 'deny' }, deny('d1'), deny());
    expect(j.verdict).toBe('disagree');
    expect(j.problems).toEqual(['engines disagree on denied_by: cedar only [d1]']);
  });

  it('treats an engine error as an error, never as a deny', () => {
    const j = judge({ expect: 'deny' }, deny(), failure('rego', 'conflict'));
    expect(j.verdict).toBe('error');
    expect(j.problems).toEqual(['rego: engine error: conflict']);
  });
});
