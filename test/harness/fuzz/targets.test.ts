import { describe, expect, it } from 'vitest';
import { focusPoints } from '../../../src/harness/fuzz/targets.ts';
import { sampleIR } from '../sample-ir.ts';

describe('focus points', () => {
  const points = focusPoints(sampleIR);
  const byRule = (id: string) => points.find((p) => p.rule === id)!;

  it('gives one focus per user-written permission, deny, holder and cloud assignment', () => {
    expect(points.map((p) => p.rule)).toEqual([
      'a.role:11:analyst',
      'a.role:2:logs_reader',
      'a.role:3:logs_reader',
      'a.role:30:prod_writes_need_mfa',
      'a.role:33:office_only',
      'a.role:20:user:jane',
      'a.role:21:group:cn=sre',
      'a.role:22:admins',
      'a.role:40:assign:user:jane',
    ]);
  });

  it('steers a permission focus to its role, matching names and implied privileges', () => {
    const f = byRule('a.role:11:analyst');
    expect(f.role).toBe('analyst');
    expect(f.types).toContain('document');
    expect(f.indexNames!.slice(0, 2)).toEqual(['analytics-', 'analytics-x']);
    expect(f.actions!.sort()).toEqual(['delete', 'read', 'write']);
    expect(byRule('a.role:3:logs_reader').fieldNames).toEqual(expect.arrayContaining(['user.ssn', 'credit_card.x']));
  });

  it('steers a deny to its overlapping privileges and a holder focus to its principal or group', () => {
    expect(byRule('a.role:30:prod_writes_need_mfa').actions).toEqual(['all', 'delete', 'write']);
    expect(byRule('a.role:20:user:jane').principal).toEqual({ type: 'user', id: 'jane' });
    expect(byRule('a.role:21:group:cn=sre').group).toBe('cn=sre');
    const mapping = byRule('a.role:22:admins'); // analyst, which includes logs_reader
    expect(mapping.noRequestRoles).toBe(true);
    expect(mapping.indexNames).toEqual(expect.arrayContaining(['analytics-', 'logs-']));
    expect(mapping.actions).toEqual(expect.arrayContaining(['read', 'write', 'monitor']));
    const cloud = byRule('a.role:40:assign:user:jane');
    expect(cloud.deployments!.slice(0, 3)).toEqual(['prod-eu', 'prod-eu', 'prod-eu']); // matches weighted 3×
    expect(cloud.deployments).toContain('prod-e'); // and near misses
    expect(cloud.types).toContain('deployment');
  });
});
