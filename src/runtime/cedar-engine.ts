/**
 * The Cedar engine: a built Cedar bundle loaded once into cedar-wasm (policy set
 * pre-parsed, keyed `p0…pN`), answering neutral requests through the bundle's adapter.
 * Reasons are reported as the DSL rule ids from each policy's `@id` annotation.
 *
 * cedar-wasm's `failure` answer, or any evaluation error in its diagnostics, is an engine
 * error — never a deny (a policy that errors is skipped by Cedar, which could turn an
 * allow into a deny or hide a forbid).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as cedar from '@cedar-policy/cedar-wasm/nodejs';
import type { EntityJson } from '@cedar-policy/cedar-wasm/nodejs';
import { activationTable, cedarAdapter, ipAttributesOf, type CedarAdapter, type CedarCall } from '../backends/cedar/adapter.ts';
import type { CedarBundle } from '../backends/cedar/compile.ts';
import type { Request } from '../request/types.ts';
import type { Decision, Engine, EngineAnswer } from './decision.ts';

let nextPolicySetId = 0;

interface LoadedPolicy {
  dslId: string;
  effect: 'permit' | 'forbid';
}

export class CedarEngine implements Engine {
  readonly name = 'cedar' as const;
  readonly adapter: CedarAdapter;
  private readonly policySetId: string;
  private readonly policies: Map<string, LoadedPolicy>;

  private readonly schemaName: string;

  private constructor(policyTexts: string[], schemaJson: unknown, entities: EntityJson[]) {
    this.policies = new Map();
    const byId: Record<string, string> = {};
    const annotations = new Map<string, Record<string, string> | undefined>();
    policyTexts.forEach((text, i) => {
      const id = `p${i}`;
      byId[id] = text;
      const json = cedar.policyToJson(text);
      if (json.type === 'failure') throw new Error(`cedar: cannot parse policy ${id}: ${json.errors.map((e) => e.message).join('; ')}`);
      this.policies.set(id, { dslId: json.json.annotations?.id ?? id, effect: json.json.effect });
      annotations.set(id, json.json.annotations as Record<string, string> | undefined);
    });
    // Activation policies (backends/cedar/activation.ts) are asked by the adapter first.
    this.adapter = cedarAdapter(ipAttributesOf(schemaJson), entities, activationTable(annotations));
    this.policySetId = `rolec-cedar-${nextPolicySetId++}`;
    // The schema gives Cedar the action hierarchy (privilege implication) and types the
    // entities; the request itself was validated against request.schema.json already.
    this.schemaName = this.policySetId;
    const schema = cedar.preparseSchema(this.schemaName, schemaJson as cedar.Schema);
    if (schema.type === 'failure') throw new Error(`cedar: cannot load schema: ${schema.errors.map((e) => e.message).join('; ')}`);
    const parsed = cedar.preparsePolicySet(this.policySetId, { staticPolicies: byId });
    if (parsed.type === 'failure') throw new Error(`cedar: cannot load policies: ${parsed.errors.map((e) => e.message).join('; ')}`);
  }

  /** From an in-memory build. */
  static fromBundle(b: CedarBundle): CedarEngine {
    return new CedarEngine(
      b.policies.map((p) => p.text),
      b.schema.json,
      b.entities,
    );
  }

  /** From a built `dist/cedar` directory (policies.cedar, schema.cedarschema.json, entities.json). */
  static fromDir(dir: string): CedarEngine {
    const read = (name: string): string => {
      try {
        return readFileSync(join(dir, name), 'utf8');
      } catch (err) {
        throw new Error(`cedar: cannot read the bundle file ${join(dir, name)}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
      }
    };
    const json = (name: string): unknown => {
      try {
        return JSON.parse(read(name)) as unknown;
      } catch (err) {
        throw new Error(`cedar: ${join(dir, name)}: ${(err as Error).message}`);
      }
    };
    const parts = cedar.policySetTextToParts(read('policies.cedar'));
    if (parts.type === 'failure') throw new Error(`cedar: ${join(dir, 'policies.cedar')}: ${parts.errors.map((e) => e.message).join('; ')}`);
    return new CedarEngine(parts.policies, json('schema.cedarschema.json'), json('entities.json') as EntityJson[]);
  }

  evaluate(request: Request): EngineAnswer {
    let answer: cedar.AuthorizationAnswer;
    try {
      const call = this.adapter.toCedar(request, (c) => this.activate(c));
      answer = this.call(call);
    } catch (err) {
      return { ok: false, error: { engine: 'cedar', message: err instanceof Error ? err.message : String(err) } };
    }
    return this.toAnswer(answer);
  }

  /** One cedar-wasm call on the pre-parsed policy set. */
  call(call: CedarCall): cedar.AuthorizationAnswer {
    return cedar.statefulIsAuthorized({ ...call, preparsedPolicySetId: this.policySetId, preparsedSchemaName: this.schemaName, validateRequest: false });
  }

  /** An activation call: the permitting policies, or a throw on any evaluation error. */
  activate(call: CedarCall): string[] {
    const answer = this.call(call);
    if (answer.type === 'failure') throw new Error(`activation: ${answer.errors.map((e) => e.message).join('; ')}`);
    const { diagnostics } = answer.response;
    if (diagnostics.errors.length > 0) {
      throw new Error(`activation policy evaluation error: ${diagnostics.errors.map((e) => `${this.policies.get(e.policyId)?.dslId ?? e.policyId}: ${e.error.message}`).join('; ')}`);
    }
    return diagnostics.reason;
  }

  /** Maps a cedar-wasm answer to a Decision in DSL terms (exported for the benchmark). */
  toAnswer(answer: cedar.AuthorizationAnswer): EngineAnswer {
    if (answer.type === 'failure') {
      return { ok: false, error: { engine: 'cedar', message: answer.errors.map((e) => e.message).join('; ') } };
    }
    const { decision, diagnostics } = answer.response;
    if (diagnostics.errors.length > 0) {
      const msg = diagnostics.errors.map((e) => `${this.policies.get(e.policyId)?.dslId ?? e.policyId}: ${e.error.message}`).join('; ');
      return { ok: false, error: { engine: 'cedar', message: `policy evaluation error: ${msg}` } };
    }
    const ids = (effect: 'permit' | 'forbid') =>
      [...new Set(diagnostics.reason.filter((id) => this.policies.get(id)?.effect === effect).map((id) => this.policies.get(id)!.dslId))].sort();
    const result: Decision =
      decision === 'allow'
        ? { decision: 'allow', reasons: ids('permit'), deniedBy: [] }
        : { decision: 'deny', reasons: [], deniedBy: ids('forbid') };
    return { ok: true, decision: result };
  }

  /** The pre-parsed policy set id (for measuring the bare cedar-wasm call). */
  get preparsedPolicySetId(): string {
    return this.policySetId;
  }
}
