import { describe, expect, it } from 'vitest';
import { readDecision } from '../../src/runtime/rego-engine.ts';

describe('RegoEngine result reading', () => {
  it('reads a well-formed decision', () => {
    expect(readDecision([{ result: { allow: true, reasons: ['a:1:r'], denied_by: [] } }])).toEqual({
      ok: true,
      decision: { decision: 'allow', reasons: ['a:1:r'], deniedBy: [] },
    });
    expect(readDecision([{ result: { allow: false, reasons: [], denied_by: ['a:2:d'] } }])).toEqual({
      ok: true,
      decision: { decision: 'deny', reasons: [], deniedBy: ['a:2:d'] },
    });
  });

  it.each([
    ['an undefined entrypoint', []],
    ['not a result set', { result: 1 }],
    ['two results', [{ result: {} }, { result: {} }]],
    ['a missing member', [{ result: { allow: true, reasons: ['x'] } }]],
    ['a non-boolean allow', [{ result: { allow: 'yes', reasons: [], denied_by: [] } }]],
    ['an allow with no reason', [{ result: { allow: true, reasons: [], denied_by: [] } }]],
    ['a deny with reasons', [{ result: { allow: false, reasons: ['x'], denied_by: [] } }]],
  ])('treats %s as an engine error, never a deny', (_, rs) => {
    const answer = readDecision(rs);
    expect(answer.ok).toBe(false);
  });
});
