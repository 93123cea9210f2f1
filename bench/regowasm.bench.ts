/**
 * Rego→Wasm compiler benchmark (`npm run bench regowasm`):
 *  1. compile time and module size of generated policies with 100 and 1,000 rules
 *     (target: ≤ 250 KB for 100 rules);
 *  2. per-call median µs of a representative authz policy (roles in data, glob.match
 *     index patterns, a level comparison) via opa-wasm `evaluate()` on rolec's own
 *     policy.wasm, beside cedar-wasm `statefulIsAuthorized` on the equivalent Cedar
 *     policy set, same requests, same run (target: Rego ≤ 1/10 of Cedar).
 * Both engines' decisions are compared on every request before timing.
 */
import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';
import * as cedar from '@cedar-policy/cedar-wasm/nodejs';
import type { loadPolicy as LoadPolicyFn } from '@open-policy-agent/opa-wasm';
import { compileRegoToWasm } from '../src/regowasm/index.ts';
import { median, perCallMicros } from './stats.ts';

const opa = createRequire(import.meta.url)('@open-policy-agent/opa-wasm') as { loadPolicy: typeof LoadPolicyFn };

/** n independent rules in one package (sizes/compile time). */
function generatedRules(n: number): string {
  let s = 'package bench\nimport rego.v1\n\ndefault allow := false\n\n';
  for (let i = 0; i < n; i++) {
    s += `allow if {\n  input.action == "act_${i}"\n  glob.match("logs-${i}-*", [], input.index)\n  input.level >= ${i % 10}\n  "role_${i % 7}" in data.users[input.user].roles\n}\n\n`;
  }
  return s;
}

const AUTHZ_REGO = `package authz
import rego.v1

default allow := false

allow if {
  some role in data.users[input.user].roles
  some grant in data.roles[role]
  input.action in grant.actions
  glob.match(grant.index, [], input.index)
  input.level >= grant.min_level
}
`;

const SET_REGO = `package sets

all if count({x | some x in input.a} - {x | some x in input.b}) == 0
`;

/** n distinct strings in a pseudo-random order (seeded: the same every run). */
function shuffled(n: number, seed: number): string[] {
  const xs = Array.from({ length: n }, (_, i) => `group-${i}`);
  for (let i = n - 1; i > 0; i--) {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    const j = seed % (i + 1);
    [xs[i], xs[j]] = [xs[j]!, xs[i]!];
  }
  return xs;
}

const ROLES = 20, USERS = 50, ACTIONS = ['read', 'write', 'delete', 'monitor'];

interface Grant { actions: string[]; index: string; min_level: number }

function authzData(): { users: Record<string, { roles: string[] }>; roles: Record<string, Grant[]> } {
  const roles: Record<string, Grant[]> = {};
  for (let r = 0; r < ROLES; r++) {
    roles[`r${r}`] = [0, 1, 2].map((g) => ({
      actions: ACTIONS.filter((_, a) => (r + g + a) % 3 !== 0),
      index: `logs-${(r * 3 + g) % 17}-*`,
      min_level: (r + g) % 5,
    }));
  }
  const users: Record<string, { roles: string[] }> = {};
  for (let u = 0; u < USERS; u++) users[`u${u}`] = { roles: [`r${u % ROLES}`, `r${(u * 7) % ROLES}`] };
  return { users, roles };
}

/** The same grants as Cedar: one permit per grant, users as members of role entities. */
function authzCedar(data: ReturnType<typeof authzData>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [role, grants] of Object.entries(data.roles)) {
    grants.forEach((g, i) => {
      const acts = g.actions.map((a) => `Action::"${a}"`).join(', ');
      out[`${role}_${i}`] = `permit(principal in Role::"${role}", action in [${acts}], resource)\n` +
        `when { resource.index like "${g.index}" && context.level >= ${g.min_level} };`;
    });
  }
  return out;
}

interface Req { user: string; action: string; index: string; level: number }

function requests(n: number): Req[] {
  let seed = 42;
  const rnd = (k: number) => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed % k; };
  return Array.from({ length: n }, () => ({
    user: `u${rnd(USERS)}`, action: ACTIONS[rnd(ACTIONS.length)]!, index: `logs-${rnd(20)}-2024`, level: rnd(6),
  }));
}

export default async function run(): Promise<void> {
  // 1. compile time + size
  for (const n of [100, 1000]) {
    const req = { modules: [{ path: 'bench.rego', source: generatedRules(n) }], entrypoints: ['bench/allow'] };
    const t0 = performance.now();
    const res = compileRegoToWasm(req);
    const ms = performance.now() - t0;
    if (!res.wasm) throw new Error(`compile ${n}: ${JSON.stringify(res.diagnostics.slice(0, 3))}`);
    console.log(`rules=${n}: compile ${ms.toFixed(0)} ms, module ${(res.wasm.length / 1024).toFixed(1)} KB`);
  }

  // 1b. cost of the compile-time type checker: 1,000 rules compiled with and without it,
  // interleaved (with, without, with, …) so that machine load hits both alike.
  {
    const source = generatedRules(1000);
    const compileMs = (typeCheck: boolean) => {
      const t0 = performance.now();
      const r = compileRegoToWasm({ modules: [{ path: 'bench.rego', source }], entrypoints: ['bench/allow'], typeCheck });
      if (!r.wasm) throw new Error(`compile: ${JSON.stringify(r.diagnostics.slice(0, 3))}`);
      return performance.now() - t0;
    };
    compileMs(true);
    compileMs(false);
    const on: number[] = [], off: number[] = [], ratios: number[] = [];
    for (let i = 0; i < 9; i++) {
      const a = compileMs(true);
      const b = compileMs(false);
      on.push(a); off.push(b); ratios.push(a / b);
    }
    console.log(`type checker, rules=1000: compile median ${median(on).toFixed(0)} ms with, ${median(off).toFixed(0)} ms without; median per-round ratio ${median(ratios).toFixed(3)} (target ≤ 1.20)`);
  }

  // 1c. set operations on large set attributes: the Rego backend's `containsAll`
  // (`count({x | some x in A} - {x | some x in B}) == 0`) on n shuffled strings. Building a
  // set must be O(n log n) (issue 17): the time per element stays flat as n grows ×10.
  {
    const r = compileRegoToWasm({ modules: [{ path: 'sets.rego', source: SET_REGO }], entrypoints: ['sets/all'] });
    if (!r.wasm) throw new Error(`sets: ${JSON.stringify(r.diagnostics)}`);
    const pol = await opa.loadPolicy(r.wasm, { initial: 64, maximum: 65536 });
    const perN: string[] = [];
    for (const n of [10_000, 100_000]) {
      const input = { a: shuffled(n, 1), b: shuffled(n, 2) };
      const times: number[] = [];
      for (let i = 0; i < 3; i++) {
        const t0 = performance.now();
        const rs = pol.evaluate(input, 'sets/all') as { result: boolean }[];
        times.push(performance.now() - t0);
        if (rs[0]?.result !== true) throw new Error(`sets n=${n}: ${JSON.stringify(rs)}`);
      }
      perN.push(`n=${n}: ${median(times).toFixed(0)} ms (${((1000 * median(times)) / n).toFixed(2)} µs/element)`);
    }
    console.log(`containsAll over set attributes (evaluate incl. JSON input): ${perN.join('; ')}`);
  }

  // 2. evaluation beside cedar-wasm
  const data = authzData();
  const res = compileRegoToWasm({ modules: [{ path: 'authz.rego', source: AUTHZ_REGO }], entrypoints: ['authz/allow'] });
  if (!res.wasm) throw new Error(`authz: ${JSON.stringify(res.diagnostics)}`);
  const pol = await opa.loadPolicy(res.wasm);
  pol.setData(data);

  const psId = 'regowasm-bench';
  const parsed = cedar.preparsePolicySet(psId, { staticPolicies: authzCedar(data) });
  if (parsed.type === 'failure') throw new Error(parsed.errors.map((e) => e.message).join('; '));
  const cedarCall = (r: Req): cedar.StatefulAuthorizationCall => ({
    principal: { type: 'User', id: r.user },
    action: { type: 'Action', id: r.action },
    resource: { type: 'Index', id: r.index },
    context: { level: r.level },
    preparsedPolicySetId: psId,
    validateRequest: false,
    entities: [
      { uid: { type: 'User', id: r.user }, attrs: {}, parents: data.users[r.user]!.roles.map((id) => ({ type: 'Role', id })) },
      { uid: { type: 'Index', id: r.index }, attrs: { index: r.index }, parents: [] },
    ],
  });

  const reqs = requests(400);
  const regoInputs = reqs.map((r) => ({ user: r.user, action: r.action, index: r.index, level: r.level }));
  const cedarCalls = reqs.map(cedarCall);
  let allows = 0;
  reqs.forEach((_, i) => {
    const rs = pol.evaluate(regoInputs[i], 'authz/allow') as { result: boolean }[];
    const a = cedar.statefulIsAuthorized(cedarCalls[i]!);
    if (a.type === 'failure') throw new Error(a.errors.map((e) => e.message).join('; '));
    const rego = rs[0]?.result === true, ced = a.response.decision === 'allow';
    if (rego !== ced) throw new Error(`decisions differ on ${JSON.stringify(reqs[i])}: rego ${rego}, cedar ${ced}`);
    if (rego) allows++;
  });
  // Interleave rounds (rego batch, cedar batch, …) so that load changes on a shared
  // machine hit both engines alike; report the medians and the median per-round ratio.
  const rego = (i: number) => pol.evaluate(regoInputs[i % reqs.length], 'authz/allow');
  const ced = (i: number) => cedar.statefulIsAuthorized(cedarCalls[i % reqs.length]!);
  const regoRounds: number[] = [], cedarRounds: number[] = [], ratios: number[] = [];
  for (let r = 0; r < 15; r++) {
    const a = perCallMicros(rego, reqs.length, 1);
    const b = perCallMicros(ced, reqs.length, 1);
    regoRounds.push(a); cedarRounds.push(b); ratios.push(a / b);
  }
  const regoUs = median(regoRounds), cedarUs = median(cedarRounds);
  console.log(`authz (${ROLES} roles × 3 grants, ${USERS} users; ${reqs.length} requests, ${allows} allowed, decisions identical):`);
  console.log(`  opa-wasm evaluate() on rolec policy.wasm: ${regoUs.toFixed(2)} µs/call`);
  console.log(`  cedar-wasm statefulIsAuthorized:          ${cedarUs.toFixed(2)} µs/call`);
  console.log(`  ratio rego/cedar (median of per-round ratios): ${median(ratios).toFixed(3)} (target ≤ 0.1)`);
}
