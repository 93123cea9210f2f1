/**
 * IR ≡ target: for every valid request, the target's engine neither errors nor decides
 * otherwise than the DSL. One question per registered target encoding (verify-targets.ts),
 * asked of Z3 split by (resource type, action) like every question (prove.ts). A witness is
 * replayed on the real engine of that target: it must give the answer the encoding
 * claimed and differ from the DSL's; anything else is a verifier bug.
 */
import { performance } from 'node:perf_hooks';
import type { Request } from '../request/types.ts';
import type { VerifiedSet } from './artefacts.ts';
import { Evaluator } from './eval.ts';
import { encodeIrDecision } from './ir-decision.ts';
import type { Outcome, SolveStats } from './prove.ts';
import { solve } from './solve.ts';
import { rulesOf } from './queries.ts';
import { RequestModel } from './request-model.ts';
import { answerText } from './replay.ts';
import type { TargetEncoder, Unencoded } from './target.ts';
import { and, Defs, not, or } from './term.ts';
import { safeEvaluate } from '../harness/run.ts';
import type { EngineAnswer } from '../engines/decision.ts';

export type TargetAnswer = 'allow' | 'deny' | 'error';

export interface EquivalenceResult {
  target: string;
  status: 'proved' | 'counterexample' | 'unknown' | 'unencoded' | 'verifier-bug';
  /** Constructs of the target's artefact not encoded (a proof is then impossible). */
  unencoded: Unencoded[];
  counterexample?: Request;
  /** The DSL's decision on the counterexample, and what the target's encoding claimed. */
  dsl?: 'allow' | 'deny';
  claimed?: TargetAnswer;
  /** Both engines' real answers on the counterexample; request-schema problems. */
  replay?: { cedar: string; rego: string; invalid: string[] };
  reasons?: string[];
  deniedBy?: string[];
  /** Target rules (engine reason ids) that apply to the counterexample. */
  targetRules?: string[];
  reason?: string;
  bounded: boolean;
  encodeMs: number;
  solveMs: number;
  /** Where the solving time went (solve.ts). */
  stats?: SolveStats;
}

export interface EquivalenceOptions {
  timeoutMs?: number;
  /** The encodings to prove (default: every registered one). */
  encoders: readonly TargetEncoder[];
}

export async function proveEquivalence(vs: VerifiedSet, opts: EquivalenceOptions): Promise<EquivalenceResult[]> {
  const out: EquivalenceResult[] = [];
  for (const encoder of opts.encoders) out.push(await proveOne(vs, encoder, opts.timeoutMs));
  return out;
}

async function proveOne(vs: VerifiedSet, encoder: TargetEncoder, timeoutMs: number | undefined): Promise<EquivalenceResult> {
  const { set } = vs;
  const t0 = performance.now();
  const m = new RequestModel(set.ir);
  const defs = new Defs();
  const ir = encodeIrDecision(set.ir, m, defs);
  const files = vs.targets.get(encoder.name);
  if (!files) throw new Error(`${vs.bundle} has no ${encoder.name} target`);
  const t = await encoder.encode(files, set.ir, m, defs);
  const differs = or(t.error, and(t.allow, not(ir.allow)), and(not(t.allow), ir.allow));
  const encodeMs = performance.now() - t0;
  const outcome: Outcome = await solve({ defs, given: m.domain(), goal: differs, variables: m.variables(), minimize: true, actionsOf: (rt) => m.finiteActions(rt), ...(timeoutMs !== undefined ? { timeoutMs } : {}) });
  const base = { target: encoder.name, unencoded: t.unencoded, bounded: outcome.bounded, encodeMs: Math.round(encodeMs), solveMs: Math.round(outcome.ms), ...(outcome.stats ? { stats: outcome.stats } : {}) };
  if (outcome.status === 'unsat') return { ...base, status: t.unencoded.length ? 'unencoded' : 'proved' };
  if (outcome.status === 'unknown') return { ...base, status: t.unencoded.length ? 'unencoded' : 'unknown', reason: outcome.reason };
  const w = outcome.witness;
  const request = m.requestOf(w);
  const ev = new Evaluator(defs, w);
  const dsl = ev.bool(ir.allow) ? 'allow' : 'deny';
  const claimed: TargetAnswer = ev.bool(t.error) ? 'error' : ev.bool(t.allow) ? 'allow' : 'deny';
  const targetRules = [...t.rules].filter(([, r]) => ev.bool(r)).map(([id]) => id).sort();
  const invalid = set.checkRequest(request).map((i) => `${i.pointer || '/'}: ${i.message}`);
  const engines: Record<string, EngineAnswer | undefined> = invalid.length ? {} : { cedar: safeEvaluate(set.cedar, request), rego: safeEvaluate(set.rego, request) };
  const real = engines[encoder.name];
  const realAnswer: TargetAnswer | undefined = real ? (real.ok ? real.decision.decision : 'error') : undefined;
  const reproduces = invalid.length === 0 && realAnswer === claimed && claimed !== dsl;
  const replay = { cedar: answerText(engines.cedar), rego: answerText(engines.rego), invalid };
  const found = { ...base, counterexample: request, dsl, claimed, replay, targetRules, ...rulesOf(ir, w) } as const;
  if (reproduces) return { ...found, status: 'counterexample' };
  // With constructs left unencoded, a witness that does not replay is expected, not a bug.
  return { ...found, status: t.unencoded.length ? 'unencoded' : 'verifier-bug' };
}
