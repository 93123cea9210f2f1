/**
 * Test helpers for the Elasticsearch round trip: build_es(P) as text, import(...) as a
 * checked policy set (printed with the .role printer and parsed back, as the CLI does).
 */
import { checkSources, loadPolicySet } from '../../../src/semantics/index.ts';
import { printRoleFile } from '../../../src/syntax/print.ts';
import type { PolicySetIR } from '../../../src/semantics/ir.ts';
import { compileElasticsearch } from '../../../src/backends/elasticsearch/compile.ts';
import { elasticsearchFiles } from '../../../src/backends/elasticsearch/target.ts';
import { importElasticsearch, type ImportOutcome } from '../../../src/interop/elasticsearch/import.ts';

export async function irOfSet(path: string): Promise<PolicySetIR> {
  const loaded = await loadPolicySet([path]);
  if (!loaded.ir) throw new Error(loaded.diagnostics.map((d) => `${d.code} ${d.message}`).join('\n'));
  return loaded.ir;
}

export function buildEs(ir: PolicySetIR): Record<string, string> {
  const r = compileElasticsearch(ir);
  if (!r.ok) throw new Error(r.problems.map((p) => `${p.code} ${p.ruleId}: ${p.message}`).join('\n'));
  return elasticsearchFiles(r.policy);
}

export function checkImported(outcome: ImportOutcome): PolicySetIR {
  const errors = outcome.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0) throw new Error(errors.map((d) => `${d.code} ${d.path}: ${d.message}`).join('\n'));
  // Through the text, as `rolec import` writes it: the one .role printer, then the parser.
  const { ir, diagnostics } = checkSources(outcome.files.map((ast) => ({ path: ast.file, text: printRoleFile(ast) })));
  const bad = diagnostics.filter((d) => d.severity === 'error');
  if (!ir || bad.length > 0) throw new Error(bad.map((d) => `${d.code} ${d.span.file}: ${d.message}`).join('\n'));
  return ir;
}

export function importBuilt(files: Record<string, string>): PolicySetIR {
  return checkImported(
    importElasticsearch([{ file: 'roles.json', text: files['elasticsearch/roles.json']! }], [{ file: 'role_mappings.json', text: files['elasticsearch/role_mappings.json']! }]),
  );
}

import fc from 'fast-check';
import { compileCedar } from '../../../src/backends/cedar/compile.ts';
import { buildRegoBundle } from '../../../src/backends/rego/bundle.ts';
import { compileRegoToWasm } from '../../../src/regowasm/index.ts';
import { CedarEngine } from '../../../src/engines/cedar.ts';
import { nodeCedar } from '../../../src/backends/cedar/wasm-node.ts';
import { RegoEngine } from '../../../src/engines/rego.ts';
import { requestSchema } from '../../../src/request/schema.ts';
import { requestValidator } from '../../../src/request/validate.ts';
import type { Request } from '../../../src/request/types.ts';
import { requestArbitrary } from '../../../src/harness/fuzz/generate.ts';
import { collectConstants } from '../../../src/harness/fuzz/constants.ts';

export interface Engines {
  ir: PolicySetIR;
  decide(request: Request): { cedar: string; rego: string };
  valid(request: Request): boolean;
}

/** Both real engines for an in-memory policy set. */
export async function enginesOf(ir: PolicySetIR): Promise<Engines> {
  const cedar = CedarEngine.fromBundle(compileCedar(ir), nodeCedar);
  const rego = await buildRegoBundle(ir, compileRegoToWasm);
  if (!rego.ok) throw new Error(rego.diagnostics.map((d) => d.message).join('; '));
  const regoEngine = RegoEngine.fromBundleFiles(rego.bundle.files);
  const check = requestValidator(requestSchema(ir));
  const answer = (a: ReturnType<CedarEngine['evaluate']>) => (a.ok ? a.decision.decision : `error: ${a.error.message}`);
  return {
    ir,
    decide: (r) => ({ cedar: answer(cedar.evaluate(r)), rego: answer(regoEngine.evaluate(r)) }),
    valid: (r) => check(r).length === 0,
  };
}

/** `count` schema-valid requests for the policy set, reproducibly. */
export function generatedRequests(ir: PolicySetIR, count: number, seed: number): Request[] {
  const check = requestValidator(requestSchema(ir));
  const arb = requestArbitrary(ir, collectConstants(ir)).filter((r) => check(r).length === 0);
  return fc.sample(arb, { numRuns: count, seed });
}

/**
 * The request as the imported policy set sees it: attributes the imported schema does not
 * declare are dropped (Elasticsearch descriptors only mention the attributes they test;
 * a request to the original set may carry more).
 */
export function projectRequest(r: Request, ir: PolicySetIR): Request {
  const keep = <T,>(attrs: Record<string, T> | undefined, decl: { name: string }[]): Record<string, T> | undefined =>
    attrs && Object.fromEntries(Object.entries(attrs).filter(([k]) => decl.some((d) => d.name === k)));
  const out = structuredClone(r);
  if (out.principal.attributes) out.principal.attributes = keep(out.principal.attributes, ir.schema.user)!;
  if (out.resource.attributes) out.resource.attributes = keep(out.resource.attributes, ir.schema.document)!;
  if (out.context) out.context = keep(out.context, ir.schema.context)!;
  return out;
}
