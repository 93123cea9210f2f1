import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { collectConstants } from '../../../src/harness/fuzz/constants.ts';
import { requestArbitrary } from '../../../src/harness/fuzz/generate.ts';
import type { Request } from '../../../src/request/types.ts';
import { sampleIR } from '../sample-ir.ts';
import { sampleChecker } from '../doubles.ts';

const sample = (n: number, seed = 7): Request[] => fc.sample(requestArbitrary(sampleIR, collectConstants(sampleIR)), { seed, numRuns: n });

describe('constants from the IR', () => {
  it('collects pattern names, principals, groups, integers ±1 and CIDR edges', () => {
    const k = collectConstants(sampleIR);
    expect(k.indexNames).toEqual(expect.arrayContaining(['logs-', 'logs-secret', 'analytics-x', 'prod-', 'xprod-']));
    expect(k.fieldNames).toEqual(expect.arrayContaining(['user.ssn', 'credit_card', 'credit_card.x']));
    expect(k.principalIds).toEqual(expect.arrayContaining(['jane']));
    expect(k.groups).toEqual(expect.arrayContaining(['cn=sre']));
    expect(k.realms).toEqual(expect.arrayContaining(['ldap1']));
    expect(k.longs.get('user.clearance')).toEqual([3, 2, 4]);
    expect(k.ips.get('context.source_ip')).toEqual(['10.0.0.0', '10.255.255.255', '9.255.255.255', '11.0.0.0']);
    expect(k.deployments).toEqual(expect.arrayContaining(['prod-eu']));
    expect(k.requestRoles).toEqual(expect.arrayContaining(['analyst', 'viewer', 'cloud.viewer', 'no_such_role']));
  });
});

describe('request generator', () => {
  const reqs = sample(600);

  it('is reproducible from its seed', () => {
    expect(sample(50, 3)).toEqual(sample(50, 3));
    expect(sample(50, 3)).not.toEqual(sample(50, 4));
  });

  it('generates only requests that pass the request schema', () => {
    expect(reqs.filter((r) => sampleChecker(r).length > 0)).toEqual([]);
  });

  it('covers every resource type, both principal types and the privileges of each family', () => {
    expect(new Set(reqs.map((r) => r.resource.type))).toEqual(new Set(['cluster', 'index', 'document', 'field', 'user', 'application', 'organization', 'deployment']));
    expect(new Set(reqs.map((r) => r.principal.type))).toEqual(new Set(['user', 'api_key']));
    expect(new Set(reqs.filter((r) => r.resource.type === 'index').map((r) => r.action))).toEqual(new Set(['all', 'delete', 'read', 'write']));
    expect(reqs.filter((r) => r.resource.type === 'organization').every((r) => r.action === 'manage_billing')).toBe(true);
  });

  it('puts optional attributes and properties present and absent, boundary integers on both sides', () => {
    const team = reqs.map((r) => r.principal.attributes?.['team'] !== undefined);
    expect(team).toContain(true);
    expect(team).toContain(false);
    const clearances = new Set(reqs.map((r) => r.principal.attributes?.['clearance']));
    for (const v of [2, 3, 4]) expect(clearances).toContain(v);
    expect(reqs.some((r) => r.resource.deployment === undefined) && reqs.some((r) => r.resource.deployment === 'prod-eu')).toBe(true);
    expect(reqs.some((r) => r.principal.realm === 'ldap1') && reqs.some((r) => r.principal.realm === undefined)).toBe(true);
    expect(reqs.some((r) => r.resource.type === 'field' && r.resource.attributes === undefined)).toBe(true);
    expect(reqs.some((r) => r.resource.type === 'field' && r.resource.attributes !== undefined)).toBe(true);
  });

  it('puts principals in and out of every holder', () => {
    expect(reqs.some((r) => r.principal.id === 'jane' && r.principal.type === 'user')).toBe(true);
    expect(reqs.some((r) => r.principal.id === 'jane' && r.principal.type === 'api_key')).toBe(true);
    expect(reqs.some((r) => r.principal.groups?.includes('cn=sre'))).toBe(true);
    expect(reqs.some((r) => r.principal.roles?.includes('no_such_role'))).toBe(true);
    expect(reqs.some((r) => r.principal.roles?.includes('viewer'))).toBe(true);
  });

  it('names indices that match and miss each pattern, including special characters', () => {
    const idx = new Set(reqs.map((r) => r.resource.index));
    for (const n of ['logs-', 'logs-x', 'logs', 'prod-', 'logs-[']) expect(idx).toContain(n);
  });
});
