/**
 * Front-end throughput: parse + analyse generated policy sets of 100, 1,000 and 10,000
 * roles with a realistic mix of clauses (cluster; index with FLS and DLS/ABAC; run_as;
 * application; includes; role-level where; static assignments; mappings; denies), split
 * into files of 100 roles. Prints the median time per size and the time per role, which
 * should stay flat (linearity). Target: 1,000 roles in < 0.5 s.
 */
import { checkSources } from '../src/semantics/index.ts';
import { analyse } from '../src/semantics/analyse.ts';
import { parseRoleFile } from '../src/syntax/index.ts';
import { median, medianMs } from './stats.ts';

const SCHEMA = `schema {
  user { department: String  clearance: Long  tags: Set<String>  email?: String }
  document { department: String  level: Long  tags: Set<String>  owner?: String }
  context { mfa: Bool  source_ip: IpAddr }
}
`;

function roleText(i: number): string {
  const lines = [`role team_${i}${i % 5 === 4 ? ` includes team_${i - 1}, team_${i - 2}` : ''} {`, `  description "Team ${i}"`];
  lines.push(`  cluster monitor${i % 3 === 0 ? ', manage_ilm' : ''}`);
  lines.push(
    `  index "logs-team${i}-*", "metrics-team${i}-*" except "logs-team${i}-internal-*" {`,
    '    privileges read, view_index_metadata',
    '    fields grant "*" except "user.ssn", "secret.*"',
    `    documents where document.department == user.department && document.level <= user.clearance${i % 2 ? ' && user.tags.containsAll(document.tags)' : ''}`,
    '  }',
  );
  if (i % 4 === 0) lines.push(`  run_as "svc-team${i}-*"`);
  if (i % 3 === 1)
    lines.push('  application "kibana-.kibana" {', '    privileges "feature_discover.read"', `    resources "space:team${i}"`, '  }');
  if (i % 7 === 0) lines.push('  where context.mfa && context.source_ip.isInRange(ip("10.0.0.0/8"))');
  lines.push('}', `user "user${i}" roles team_${i}`);
  if (i % 10 === 0) lines.push(`mapping map_${i} {`, `  roles team_${i}`, `  when principal.realm == "ldap" && "cn=team${i}" in principal.groups`, '}');
  if (i % 20 === 0) lines.push(`deny deny_${i} {`, `  index "prod-team${i}-*" privileges write`, '  unless context.mfa', '}');
  return lines.join('\n');
}

export function generate(roles: number): { path: string; text: string }[] {
  const files = [{ path: 'schema.role', text: SCHEMA }];
  for (let start = 0; start < roles; start += 100) {
    const parts: string[] = [];
    for (let i = start; i < Math.min(roles, start + 100); i++) parts.push(roleText(i));
    files.push({ path: `teams/part${String(start / 100).padStart(4, '0')}.role`, text: parts.join('\n\n') });
  }
  return files;
}

export default async function run(): Promise<void> {
  for (const n of [100, 1_000, 10_000]) {
    const files = generate(n);
    const check = checkSources(files);
    if (!check.ir || check.diagnostics.length > 0) throw new Error(`generated set of ${n} roles does not check clean: ${check.diagnostics[0]?.message}`);
    const lines = files.reduce((s, f) => s + f.text.split('\n').length, 0);
    const runs = n >= 10_000 ? 3 : 7;
    const ms = medianMs(() => checkSources(files), runs, 1);
    // The semantic pass alone, on ASTs parsed once (the rest is parsing).
    const parsed = files.map((f) => ({ rel: f.path, text: f.text, ast: parseRoleFile(f.path, f.text).ast }));
    const semMs = medianMs(() => analyse(parsed), runs, 1);
    const cpu = medianCpuMs(() => checkSources(files), runs);
    const perRole = (x: number) => `${((x * 1000) / n).toFixed(1)} µs/role`;
    console.log(
      `${String(n).padStart(6)} roles (${lines} lines): parse+analyse median ${ms.toFixed(1)} ms wall, ${cpu.toFixed(1)} ms CPU (${perRole(ms)}); analyse alone ${semMs.toFixed(1)} ms (${perRole(semMs)})`,
    );
  }
}

/** Median process CPU time (user + system) per run: less sensitive than wall time to other
 *  processes competing for the same cores. */
function medianCpuMs(fn: () => void, runs: number): number {
  const t: number[] = [];
  for (let i = 0; i < runs; i++) {
    const c0 = process.cpuUsage();
    fn();
    const c = process.cpuUsage(c0);
    t.push((c.user + c.system) / 1000);
  }
  return median(t);
}
