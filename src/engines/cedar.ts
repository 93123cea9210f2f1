/**
 * The Cedar engine: a built Cedar bundle loaded once into cedar-wasm (policy set
 * pre-parsed, keyed `p0…pN`), answering neutral requests through the bundle's adapter.
 * Reasons are reported as the DSL rule ids from each policy's `@id` annotation.
 *
 * cedar-wasm's `failure` answer, or any evaluation error in its diagnostics, is an engine
 * error — never a deny (a policy that errors is skipped by Cedar, which could turn an
 * allow into a deny or hide a forbid).
 */
import type { AuthorizationAnswer, CedarApi, EntityJson, Schema } from '../backends/cedar/wasm-api.ts';
import { cedarAdapter, ipAttributesOf, type CedarAdapter } from '../backends/cedar/adapter.ts';
import type { CedarBundle } from '../backends/cedar/compile.ts';
import type { Request } from '../request/types.ts';
import type { Decision, Engine, EngineAnswer } from './decision.ts';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';

/**
 * cedar-wasm keeps every pre-parsed policy set and schema in its own memory for the life
 * of the process, with no call to drop one: an id per load (as before) grew that memory
 * with every authorizer ever created. Ids are now the content's hash, so loading the same
 * bundle again reuses its entry (and skips re-parsing); only distinct bundles add one.
 */
const preparsed = new WeakMap<CedarApi, Map<string, Map<string, LoadedPolicy>>>();

function contentId(policies: string | string[], schemaJson: unknown): string {
  const text = JSON.stringify([policies, schemaJson]);
  return `rolec-cedar-${bytesToHex(sha256(new TextEncoder().encode(text))).slice(0, 32)}`;
}

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
  private readonly cedar: CedarApi;

  /** `policyTexts` is called only when this content was not loaded before (`id`: its hash). */
  private constructor(cedar: CedarApi, id: string, policyTexts: () => string[], schemaJson: unknown, entities: EntityJson[]) {
    this.cedar = cedar;
    this.adapter = cedarAdapter(ipAttributesOf(schemaJson), entities);
    this.policySetId = id;
    // The schema gives Cedar the action hierarchy (privilege implication) and types the
    // entities; the request itself was validated against request.schema.json already.
    this.schemaName = this.policySetId;
    let loaded = preparsed.get(cedar);
    if (!loaded) preparsed.set(cedar, (loaded = new Map()));
    const known = loaded.get(this.policySetId);
    this.policies = known ?? CedarEngine.preparse(cedar, this.policySetId, policyTexts(), schemaJson);
    if (!known) loaded.set(this.policySetId, this.policies);
  }

  /** Parses the policies (ids, effects) and pre-parses the set and schema under `id`. */
  private static preparse(cedar: CedarApi, id: string, policyTexts: string[], schemaJson: unknown): Map<string, LoadedPolicy> {
    const policies = new Map<string, LoadedPolicy>();
    const byId: Record<string, string> = {};
    policyTexts.forEach((text, i) => {
      const pid = `p${i}`;
      byId[pid] = text;
      const json = cedar.policyToJson(text);
      if (json.type === 'failure') throw new Error(`cedar: cannot parse policy ${pid}: ${json.errors.map((e) => e.message).join('; ')}`);
      policies.set(pid, { dslId: json.json.annotations?.id ?? pid, effect: json.json.effect });
    });
    const schema = cedar.preparseSchema(id, schemaJson as Schema);
    if (schema.type === 'failure') throw new Error(`cedar: cannot load schema: ${schema.errors.map((e) => e.message).join('; ')}`);
    const parsed = cedar.preparsePolicySet(id, { staticPolicies: byId });
    if (parsed.type === 'failure') throw new Error(`cedar: cannot load policies: ${parsed.errors.map((e) => e.message).join('; ')}`);
    return policies;
  }

  /** From an in-memory build (`cedar`: the cedar-wasm build the caller loaded). */
  static fromBundle(b: CedarBundle, cedar: CedarApi): CedarEngine {
    const texts = b.policies.map((p) => p.text);
    return new CedarEngine(cedar, contentId(texts, b.schema.json), () => texts, b.schema.json, b.entities);
  }

  /**
   * From a built bundle's files (paths relative to its `cedar/` directory: policies.cedar,
   * schema.cedarschema.json, entities.json). `where` names the bundle in error messages.
   */
  static fromFiles(files: ReadonlyMap<string, Uint8Array>, cedar: CedarApi, where = 'cedar bundle'): CedarEngine {
    const read = (name: string): string => {
      const bytes = files.get(name);
      if (!bytes) throw new Error(`cedar: ${where} lacks ${name}`);
      return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    };
    const json = (name: string): unknown => {
      try {
        return JSON.parse(read(name)) as unknown;
      } catch (err) {
        throw new Error(`cedar: ${where}/${name}: ${(err as Error).message}`);
      }
    };
    const text = read('policies.cedar');
    const schema = json('schema.cedarschema.json');
    const split = (): string[] => {
      const parts = cedar.policySetTextToParts(text);
      if (parts.type === 'failure') throw new Error(`cedar: ${where}/policies.cedar: ${parts.errors.map((e) => e.message).join('; ')}`);
      return parts.policies;
    };
    return new CedarEngine(cedar, contentId(text, schema), split, schema, json('entities.json') as EntityJson[]);
  }

  evaluate(request: Request): EngineAnswer {
    let answer: AuthorizationAnswer;
    try {
      const call = this.adapter.toCedar(request);
      answer = this.cedar.statefulIsAuthorized({ ...call, preparsedPolicySetId: this.policySetId, preparsedSchemaName: this.schemaName, validateRequest: false });
    } catch (err) {
      return { ok: false, error: { engine: 'cedar', message: err instanceof Error ? err.message : String(err) } };
    }
    return this.toAnswer(answer);
  }

  /** Maps a cedar-wasm answer to a Decision in DSL terms (exported for the benchmark). */
  toAnswer(answer: AuthorizationAnswer): EngineAnswer {
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
