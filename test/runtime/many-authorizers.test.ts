/**
 * Loading and dropping 2,000 authorizers in one process (1,000 per engine) neither aborts
 * nor grows memory without bound. Before the fix each load compiled policy.wasm anew, gave
 * cedar-wasm a new pre-parsed policy set and schema (kept in its memory for good, there
 * being no call to drop one) and had ajv generate a new validator: memory grew with every
 * load and, at about 660 loads, Node 20 died of a V8 fatal error. Now a load of content
 * already loaded reuses the compiled module, the pre-parsed set and the validator; only
 * the per-authorizer instance (its wasm memory) is created, and dropped with it.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { createAuthorizer } from '../../src/runtime/node.ts';

const repo = new URL('../../', import.meta.url).pathname;

it('2,000 authorizers loaded and dropped in one process; memory levels off', async () => {
  const dist = mkdtempSync(join(tmpdir(), 'rolec-many-'));
  execFileSync(process.execPath, [join(repo, 'bin/rolec.js'), 'build', join(repo, 'policies/observability'), '--out', dist], { stdio: 'pipe' });
  const files = new Map<string, Uint8Array>();
  for (const e of readdirSync(dist, { recursive: true, withFileTypes: true })) {
    if (e.isFile()) files.set(join(e.parentPath, e.name).slice(dist.length + 1), new Uint8Array(readFileSync(join(e.parentPath, e.name))));
  }
  const request = {
    principal: { type: 'user', id: 'jane', attributes: { department: 'sales', clearance: 2, security_attributes: [] } },
    action: 'read',
    resource: { type: 'index', index: 'logs-1' },
    context: { mfa: true, source_ip: '10.1.2.3' },
  };
  const rss: number[] = [];
  for (let i = 1; i <= 1_000; i++) {
    for (const engine of ['cedar', 'rego'] as const) {
      const authz = await createAuthorizer(files, { engine });
      if (i % 100 === 0) expect(authz.allowed(request)).toBe(true);
    }
    if (i % 250 === 0) rss.push(process.memoryUsage().rss);
  }
  // After warm-up, the last 750 pairs add less than 150 MB (they added ~0.5 MB each before).
  expect(rss[3]! - rss[0]!).toBeLessThan(150e6);
}, 600_000);
