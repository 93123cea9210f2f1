/**
 * `rolec diff OLD NEW`: the semantic difference of two versions of a policy set — each
 * class of request (principal type, resource type, privilege) newly allowed or newly
 * denied, with a small witness replayed on both engines of both versions. Exit 0 no
 * semantic change, 1 changes, 2 usage, 3 unknown, 4 verifier bug.
 */
import type { PolicySetUnderTest } from '../harness/run.ts';
import { semanticDiff, sameRequestShape, type DiffChange } from './queries.ts';
import { answerText, replay } from './replay.ts';
import { z3Context, type SolveStats } from './prove.ts';

export interface ReplayedChange extends DiffChange {
  replay: { old: { cedar: string; rego: string }; new: { cedar: string; rego: string }; reproduces: boolean; invalid: string[] };
}

export interface DiffReport {
  old: string[];
  new: string[];
  z3InitMs: number;
  ms: number;
  equivalent: boolean;
  truncated: boolean;
  unknown: boolean;
  changes: ReplayedChange[];
  /** Where the solving time went. */
  stats?: SolveStats;
  error?: string;
  exitCode: 0 | 1 | 2 | 3 | 4;
}

export async function diffPolicySets(oldSet: PolicySetUnderTest, newSet: PolicySetUnderTest, opts: { timeoutMs?: number; maxPerDirection?: number }): Promise<DiffReport> {
  const { initMs } = await z3Context();
  const head = { old: oldSet.paths, new: newSet.paths, z3InitMs: initMs };
  if (!sameRequestShape(oldSet.ir, newSet.ir))
    return { ...head, ms: 0, equivalent: false, truncated: false, unknown: false, changes: [], error: 'V0004: the versions differ in schema or privilege catalog; rolec diff compares versions with one request shape', exitCode: 2 };
  const d = await semanticDiff(oldSet.ir, newSet.ir, opts);
  const changes = d.changes.map((c): ReplayedChange => {
    const nowAllowed = c.direction === 'newly-allowed';
    const o = replay(oldSet, c.witness, nowAllowed ? 'deny' : 'allow');
    const n = replay(newSet, c.witness, nowAllowed ? 'allow' : 'deny');
    return {
      ...c,
      replay: {
        old: { cedar: answerText(o.cedar), rego: answerText(o.rego) },
        new: { cedar: answerText(n.cedar), rego: answerText(n.rego) },
        reproduces: o.reproduces && n.reproduces,
        invalid: [...o.invalid, ...n.invalid],
      },
    };
  });
  const bug = changes.some((c) => !c.replay.reproduces);
  const exitCode = bug ? 4 : changes.length ? 1 : d.unknown ? 3 : 0;
  return { ...head, ms: Math.round(d.ms), equivalent: d.equivalent, truncated: d.truncated, unknown: d.unknown, changes, stats: d.stats, exitCode };
}

const what = (c: DiffChange) => `${c.principalType} · ${c.resourceType} · ${c.action}`;

export function diffText(r: DiffReport): string {
  if (r.error) return r.error;
  const lines: string[] = [];
  if (r.equivalent) lines.push('no semantic change: every valid request gets the same decision from both versions');
  for (const dir of ['newly-allowed', 'newly-denied'] as const) {
    const cs = r.changes.filter((c) => c.direction === dir);
    if (!cs.length) continue;
    lines.push(`${dir === 'newly-allowed' ? 'NEWLY ALLOWED' : 'NEWLY DENIED'} (${cs.length} class${cs.length > 1 ? 'es' : ''}):`);
    for (const c of cs) {
      lines.push(`  ${what(c)}${c.replay.reproduces ? '' : '  [V0003 verifier bug: witness does not replay]'}`);
      lines.push(`    witness: ${JSON.stringify(c.witness)}`);
      lines.push(`    old: Cedar ${c.replay.old.cedar}, Rego ${c.replay.old.rego}${rules(c.old)}`);
      lines.push(`    new: Cedar ${c.replay.new.cedar}, Rego ${c.replay.new.rego}${rules(c.new)}`);
    }
  }
  if (r.truncated) lines.push('(more classes changed than listed: raise --max)');
  if (r.unknown) lines.push('Z3 answered unknown for part of the question (exit 3)');
  lines.push(`z3 init ${Math.round(r.z3InitMs)} ms, diff ${r.ms} ms`);
  return lines.join('\n');
}

function rules(x: { reasons: string[]; deniedBy: string[] }): string {
  const parts = [];
  if (x.reasons.length) parts.push(`granted by ${x.reasons.join(', ')}`);
  if (x.deniedBy.length) parts.push(`denied by ${x.deniedBy.join(', ')}`);
  return parts.length ? ` — ${parts.join('; ')}` : '';
}

/** A Markdown report for a pull-request comment. */
export function diffMarkdown(r: DiffReport): string {
  if (r.error) return `**rolec diff**: ${r.error}`;
  const out = [`### rolec diff: ${r.equivalent ? 'no semantic change' : `${r.changes.length} changed request class${r.changes.length === 1 ? '' : 'es'}`}`, ''];
  if (r.changes.length) {
    out.push('| change | principal | resource | privilege | old (Cedar / Rego) | new (Cedar / Rego) | decided by (new) |', '|---|---|---|---|---|---|---|');
    for (const c of r.changes) {
      const by = [...c.new.reasons, ...c.new.deniedBy.map((d) => `deny ${d}`)].map((x) => `\`${x}\``).join(', ') || '—';
      out.push(`| ${c.direction === 'newly-allowed' ? '➕ newly allowed' : '➖ newly denied'} | ${c.principalType} | ${c.resourceType} | \`${c.action}\` | ${c.replay.old.cedar} / ${c.replay.old.rego} | ${c.replay.new.cedar} / ${c.replay.new.rego} | ${by} |`);
    }
    out.push('', '<details><summary>Witness requests (replayed on both engines)</summary>', '');
    for (const c of r.changes) out.push(`- ${what(c)}: \`${JSON.stringify(c.witness)}\``);
    out.push('', '</details>');
  }
  if (r.truncated) out.push('', '_More classes changed than listed._');
  if (r.unknown) out.push('', '_Z3 could not decide part of the question (unknown)._');
  return out.join('\n');
}
