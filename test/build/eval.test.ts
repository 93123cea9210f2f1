/** `rolec eval`: decision and deciding rules printed; invalid requests exit 2 with the JSON path. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runEval } from '../../src/cli/commands/eval.ts';

const policies = new URL('../../policies/observability', import.meta.url).pathname;

async function capture(fn: () => Promise<number>): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const [o, e] = [process.stdout.write, process.stderr.write];
  process.stdout.write = ((s: string) => ((out += s), true)) as typeof process.stdout.write;
  process.stderr.write = ((s: string) => ((err += s), true)) as typeof process.stderr.write;
  try {
    return { code: await fn(), out, err };
  } finally {
    process.stdout.write = o;
    process.stderr.write = e;
  }
}

function requestFile(request: unknown): string {
  const f = join(mkdtempSync(join(tmpdir(), 'rolec-eval-')), 'req.json');
  writeFileSync(f, JSON.stringify(request));
  return f;
}

const jane = { type: 'user', id: 'jane', attributes: { department: 'sales', clearance: 2, security_attributes: [] } };

describe('rolec eval', () => {
  it('prints the decision and the DSL rules that decided it, with their location', async () => {
    const req = requestFile({ principal: jane, action: 'read', resource: { type: 'index', index: 'logs-1' }, context: { mfa: true, source_ip: '10.0.0.1' } });
    const r = await capture(() => runEval({ policies: [policies], request: req, engine: 'cedar', format: 'text' }));
    expect(r.code).toBe(0);
    expect(r.out).toBe('cedar: allow\n  granted by roles.role:12:logs_reader  (roles.role:12:3)\n');
  });
  it('prints firing denies', async () => {
    const req = requestFile({
      principal: { ...jane, roles: ['superuser'] },
      action: 'delete',
      resource: { type: 'index', index: 'prod-1' },
      context: { mfa: false, source_ip: '10.0.0.1' },
    });
    const r = await capture(() => runEval({ policies: [policies], request: req, engine: 'cedar', format: 'text' }));
    expect(r.out).toMatch(/^cedar: deny\n  denied by denies.role:3:prod_writes_need_mfa  \(denies.role:3:\d+\)\n$/);
  });
  it('rejects an invalid request with exit 2 and the JSON path', async () => {
    const req = requestFile({ principal: { ...jane, attributes: { ...jane.attributes, clearance: 'high' } }, action: 'read', resource: { type: 'index', index: 'logs-1' }, context: { mfa: true, source_ip: '10.0.0.1' } });
    const r = await capture(() => runEval({ policies: [policies], request: req, engine: 'cedar', format: 'text' }));
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err).toContain('/principal/attributes/clearance: must be integer');
  });
  it('rejects an unknown engine', async () => {
    const r = await capture(() => runEval({ policies: [policies], request: 'x.json', engine: 'prolog', format: 'text' }));
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/unknown engine prolog/);
  });

  it('request limits: defaults and --max-* options; refusals exit 2 with the JSON path', async () => {
    const base = { principal: jane, action: 'read', resource: { type: 'index', index: 'logs-1' }, context: { mfa: true, source_ip: '10.0.0.1' } };
    const many = requestFile({ ...base, principal: { ...jane, groups: Array.from({ length: 5_000 }, (_, i) => `g${i}`) } });
    const refused = await capture(() => runEval({ policies: [policies], request: many, engine: 'cedar', format: 'text' }));
    expect(refused.code).toBe(2);
    expect(refused.err).toMatch(/\/principal\/groups: has 5000 elements, more than 1024 \(request limit maxArrayLength\)/);
    const raised = await capture(() => runEval({ policies: [policies], request: many, engine: 'cedar', format: 'text', maxArrayLength: 5_000 }));
    expect(raised.code).toBe(0);
    const small = await capture(() => runEval({ policies: [policies], request: requestFile(base), engine: 'cedar', format: 'text', maxRequestBytes: 50 }));
    expect(small.code).toBe(2);
    expect(small.err).toMatch(/maxBytes/);
    const dup = requestFile({ ...base, principal: { ...jane, groups: ['__proto__', '__proto__'] } });
    const d = await capture(() => runEval({ policies: [policies], request: dup, engine: 'cedar', format: 'text' }));
    expect(d.code).toBe(2);
    expect(d.err).toMatch(/\/principal\/groups: must NOT have duplicate items/);
  });
});
