/**
 * OPA's decision over the emitted Rego bundle, as terms: the modules (every `.rego` file of
 * the target, read back with rolec's own Rego parser) are evaluated symbolically
 * (evaluate.ts) over data.json and the adapter's `input` (input.ts), from the Wasm
 * entrypoint the bundle's `.manifest` names (`rolec/authz/decision`):
 *
 *   allow = decision.allow is true
 *   error = decision is undefined (some field is) ∨ some rule or function has two values
 *   rules = decision.reasons ∪ decision.denied_by, each id under its membership
 *
 * Nothing here knows what decision.rego says; a construct the evaluator cannot express is
 * reported as unencoded and read as undefined.
 */
import { parseRego, type RegoModule } from '../../regowasm/syntax/index.ts';
import type { RequestModel } from '../request-model.ts';
import { textOf, type TargetEncoder, type TargetEncoding, type TargetFiles, type Unencoded } from '../target.ts';
import { and, FALSE, not, or, TRUE, type Defs, type Term } from '../term.ts';
import { truthy } from './builtins.ts';
import { RegoEvaluator } from './evaluate.ts';
import { RegoInput } from './input.ts';
import type { Json } from './values.ts';

/** The entrypoint a bundle without a readable `.manifest` is evaluated from (reported). */
const DEFAULT_ENTRYPOINT = 'rolec/authz/decision';

export const regoEncoder: TargetEncoder = { name: 'rego', encode: (files, _ir, m, defs) => encodeRego(files, m, defs) };

export function encodeRego(files: TargetFiles, m: RequestModel, defs: Defs, prefix = 'rego:'): TargetEncoding {
  const unencoded: Unencoded[] = [];
  const seen = new Set<string>();
  const report = (file: string, where: string, construct: string) => {
    const u = { file, where, construct };
    const k = JSON.stringify(u);
    if (!seen.has(k)) unencoded.push(u);
    seen.add(k);
  };
  const modules: RegoModule[] = [];
  for (const name of [...files.keys()].filter((f) => f.endsWith('.rego')).sort()) {
    const parsed = parseRego(name, textOf(files, name));
    if (parsed.module) modules.push(parsed.module);
    for (const d of parsed.diagnostics) report(name, `${d.line}:${d.col}`, `${d.code}: ${d.message}`);
  }
  const data = JSON.parse(textOf(files, 'data.json')) as Json;
  const entry = entrypoint(files, report).split('/');
  const decision = entry.pop()!;
  const ev = new RegoEvaluator(
    modules,
    data,
    new RegoInput(m),
    defs,
    (where, construct) => {
      const file = where.split(':')[0] ?? '';
      report(file.endsWith('.rego') ? file : entry.join('/'), where, construct);
    },
    entry,
    prefix,
  );

  const field = (name: string) => ev.ruleField(decision, name);
  const allowAlts = field('allow');
  const allow = defs.define(`${prefix}allow`, or(...allowAlts.map((a) => and(a.g, a.v.k === 'json' ? (a.v.v === true ? TRUE : FALSE) : truthy(a.v)))));
  // Reasons and denied_by: the ids in them (membership is all the verifier reads).
  const rules = new Map<string, Term>();
  let defined: Term = TRUE;
  for (const f of decisionFields(modules, decision)) {
    const alts = f === 'allow' ? allowAlts : field(f);
    defined = and(defined, or(...alts.map((a) => a.g)));
    if (f === 'allow') continue;
    for (const a of alts) {
      if (a.v.k !== 'set') continue;
      for (const i of a.v.items.values()) {
        if (i.v.k === 'json' && typeof i.v.v === 'string') rules.set(i.v.v, or(rules.get(i.v.v) ?? FALSE, and(a.g, i.g)));
      }
    }
  }
  const error = defs.define(`${prefix}error`, or(not(defined), ...ev.conflicts));
  return { allow, error, rules, unencoded };
}

/** The Wasm entrypoint the bundle's `.manifest` names (the one the engine evaluates). */
function entrypoint(files: TargetFiles, report: (file: string, where: string, construct: string) => void): string {
  try {
    const manifest = JSON.parse(textOf(files, '.manifest')) as { wasm?: { entrypoint?: unknown }[] };
    const entries = (manifest.wasm ?? []).map((w) => w.entrypoint).filter((e): e is string => typeof e === 'string');
    if (entries.length === 1 && entries[0]!.includes('/')) return entries[0]!;
    report('.manifest', 'wasm', `${entries.length} entrypoints`);
  } catch (err) {
    report('.manifest', '', `unreadable manifest (${(err as Error).message})`);
  }
  return DEFAULT_ENTRYPOINT;
}

/** The keys of the decision object literal (its fields are read one by one). */
function decisionFields(modules: readonly RegoModule[], decision: string): string[] {
  for (const mod of modules) {
    for (const r of mod.rules) {
      if (r.head.name === decision && r.head.value?.kind === 'object') {
        return r.head.value.entries.flatMap((e) => (e.key.kind === 'string' ? [e.key.value] : []));
      }
    }
  }
  return ['allow'];
}
