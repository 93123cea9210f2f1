/**
 * The Cedar engine: a built Cedar bundle loaded once into cedar-wasm (policy set
 * pre-parsed, keyed `p0…pN`), answering neutral requests through the bundle's adapter.
 * Reasons are reported as the DSL rule ids from each policy's `@id` annotation.
 *
 * cedar-wasm's `failure` answer, or any evaluation error in its diagnostics, is an engine
 * error — never a deny (a policy that errors is skipped by Cedar, which could turn an
 * allow into a deny or hide a forbid).
 */
import type { AuthorizationAnswer, CedarApi, EntityJson } from '../backends/cedar/wasm-api.ts';
import { actionParentsOf, activationTable, cedarAdapter, ipAttributesOf, type CedarAdapter, type CedarCall, type CedarSteps } from '../backends/cedar/adapter.ts';
import type { CedarBundle } from '../backends/cedar/compile.ts';
import type { Request } from '../request/types.ts';
import type { Decision, Engine, EngineAnswer } from './decision.ts';
import { PolicySlicer, scopeOf, SliceCache, type PolicyScope, type SliceEntry } from './cedar-slice.ts';
import { sha256Hex } from '../support/sha256.ts';

/**
 * cedar-wasm keeps every pre-parsed policy set and schema in its own memory for the life
 * of the process, with no call to drop one: an id per load (as before) grew that memory
 * with every authorizer ever created. Ids are now the content's hash, so loading the same
 * bundle again reuses its entry (and skips re-parsing); only distinct bundles add one.
 */
const preparsed = new WeakMap<CedarApi, Map<string, LoadedSet>>();

/** Pre-parsed slices kept per policy set (least recently used replaced). */
export const SLICE_CACHE_SLOTS = 512;

export interface CedarEngineOptions {
  /**
   * Evaluate each call on its slice of the set (default). Off, every call runs on the
   * whole set — the reference the slicing test compares against.
   */
  slicing?: boolean;
}

interface LoadedSet {
  policies: Map<string, LoadedPolicy>;
  /** Present when calls are evaluated on slices. */
  slices?: { slicer: PolicySlicer; cache: SliceCache };
}

function contentId(policies: string | string[], schemaJson: unknown): string {
  return `rolec-cedar-${sha256Hex(JSON.stringify([policies, schemaJson])).slice(0, 32)}`;
}

interface LoadedPolicy {
  dslId: string;
  effect: 'permit' | 'forbid';
  annotations: Record<string, string> | undefined;
  /**
   * What slices are pre-parsed from: Cedar's JSON form of the policy (~1.6× faster to
   * pre-parse than its text) — or its text when the JSON nests deeper than cedar-wasm's
   * JSON reader goes (serde's recursion limit of 128; a condition at E0701's limit
   * reaches it, as JSON nests about twice as deep as the expression).
   */
  source: unknown;
}

export class CedarEngine implements Engine {
  readonly name = 'cedar' as const;
  readonly adapter: CedarAdapter;
  private readonly policySetId: string;
  private readonly policies: Map<string, LoadedPolicy>;
  private readonly slices: LoadedSet['slices'];

  private readonly cedar: CedarApi;

  /** `policyTexts` is called only when this content was not loaded before (`id`: its hash). */
  private constructor(cedar: CedarApi, id: string, policyTexts: () => string[], schemaJson: unknown, entities: EntityJson[], options: CedarEngineOptions) {
    this.cedar = cedar;
    const slicing = options.slicing ?? true;
    this.policySetId = slicing ? `${id}/sliced` : id;
    // No schema is given to cedar-wasm at evaluation: the adapter sends the action
    // hierarchy the call needs as entities, and the request was validated against
    // request.schema.json already (typing the entities again per call cost more than a
    // small slice of policies; the schema is checked at build time).
    let loaded = preparsed.get(cedar);
    if (!loaded) preparsed.set(cedar, (loaded = new Map()));
    let set = loaded.get(this.policySetId);
    if (!set) {
      set = CedarEngine.preparse(cedar, this.policySetId, policyTexts(), schemaJson, slicing);
      loaded.set(this.policySetId, set);
    }
    this.policies = set.policies;
    this.slices = set.slices;
    // Activation policies (backends/cedar/activation.ts) are asked by the adapter first.
    const annotations = new Map([...this.policies].map(([pid, p]) => [pid, p.annotations]));
    this.adapter = cedarAdapter(ipAttributesOf(schemaJson), entities, activationTable(annotations), actionParentsOf(schemaJson));
  }

  /**
   * Parses the policies (ids, effects, scopes) and pre-parses the set under `id` — or,
   * when `slicing`, indexes the scopes and pre-parses slices on demand under `id#<slot>`.
   */
  private static preparse(cedar: CedarApi, id: string, policyTexts: string[], schemaJson: unknown, slicing: boolean): LoadedSet {
    const policies = new Map<string, LoadedPolicy>();
    const byId: Record<string, string> = {};
    const scopes: PolicyScope[] = [];
    policyTexts.forEach((text, i) => {
      const pid = `p${i}`;
      byId[pid] = text;
      const json = cedar.policyToJson(text);
      if (json.type === 'failure') throw new Error(`cedar: cannot parse policy ${pid}: ${json.errors.map((e) => e.message).join('; ')}`);
      const source = jsonDepth(json.json) <= JSON_DEPTH_SAFE ? json.json : text;
      policies.set(pid, { dslId: json.json.annotations?.id ?? pid, effect: json.json.effect, annotations: json.json.annotations as Record<string, string> | undefined, source });
      scopes.push(scopeOf(pid, json.json as { principal?: unknown; action?: unknown; resource?: unknown }));
    });
    const load = (setId: string, staticPolicies: Record<string, unknown>): void => {
      const parsed = cedar.preparsePolicySet(setId, { staticPolicies } as Parameters<CedarApi['preparsePolicySet']>[1]);
      if (parsed.type === 'failure') throw new Error(`cedar: cannot load policies: ${parsed.errors.map((e) => e.message).join('; ')}`);
    };
    if (!slicing) {
      load(id, byId);
      return { policies };
    }
    const slicer = new PolicySlicer(scopes);
    const cache = new SliceCache(id, SLICE_CACHE_SLOTS, (slot, ids) => load(slot, Object.fromEntries(ids.map((pid) => [pid, policies.get(pid)!.source]))));
    return { policies, slices: { slicer, cache } };
  }

  /** From an in-memory build (`cedar`: the cedar-wasm build the caller loaded). */
  static fromBundle(b: CedarBundle, cedar: CedarApi, options: CedarEngineOptions = {}): CedarEngine {
    const texts = b.policies.map((p) => p.text);
    return new CedarEngine(cedar, contentId(texts, b.schema.json), () => texts, b.schema.json, b.entities, options);
  }

  /**
   * From a built bundle's files (paths relative to its `cedar/` directory: policies.cedar,
   * schema.cedarschema.json, entities.json). `where` names the bundle in error messages.
   */
  static fromFiles(files: ReadonlyMap<string, Uint8Array>, cedar: CedarApi, where = 'cedar bundle', options: CedarEngineOptions = {}): CedarEngine {
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
    return new CedarEngine(cedar, contentId(text, schema), split, schema, json('entities.json') as EntityJson[], options);
  }

  evaluate(request: Request): EngineAnswer {
    return this.evaluateAll([request])[0]!;
  }

  /**
   * `evaluate` on each request, with the cedar-wasm calls run phase by phase: every
   * request's first activation call back to back, then the few second ones, then every
   * decision call — the adapter's and the slicer's JavaScript runs between the phases.
   *
   * Why: cedar-wasm is a large module; JavaScript run between two of its calls evicts its
   * code and data from the processor's caches, and the next call pays to bring them back.
   * Measured on the example sets, a request evaluated alone cost ~10 µs a call more than
   * the same calls run back to back; in phases that penalty is gone (docs/scale.md).
   *
   * Each request gets the same calls, on the same slices, as `evaluate` alone would make,
   * so the answers are the same; a request that fails (an activation error, a throw) gets
   * its own engine error and the others go on.
   */
  evaluateAll(requests: readonly Request[]): EngineAnswer[] {
    const answers: EngineAnswer[] = new Array<EngineAnswer>(requests.length);
    for (let from = 0; from < requests.length; from += PHASE_CALLS) {
      this.evaluatePhased(requests, from, Math.min(requests.length, from + PHASE_CALLS), answers);
    }
    return answers;
  }

  private evaluatePhased(requests: readonly Request[], from: number, to: number, answers: EngineAnswer[]): void {
    const fail = (index: number, err: unknown): void => {
      answers[index] = { ok: false, error: { engine: 'cedar', message: err instanceof Error ? err.message : String(err) } };
    };
    const decisions: Pending[] = [];
    let activations: Pending[] = [];
    const advance = (index: number, steps: CedarSteps, reasons: string[]): void => {
      try {
        const step = steps.next(reasons);
        (step.done ? decisions : activations).push({ index, steps, call: step.value });
      } catch (err) {
        fail(index, err);
      }
    };
    // The first `next` starts the adapter (its argument is not read).
    for (let i = from; i < to; i++) advance(i, this.adapter.steps(requests[i]!), []);
    while (activations.length > 0) {
      const phase = activations;
      activations = [];
      const sets = this.setsFor(phase, fail, true);
      const raw = this.callAll(phase, sets, fail);
      for (let k = 0; k < phase.length; k++) {
        const p = phase[k]!;
        const answer = raw[k];
        if (answer === FAILED) continue;
        let reasons: string[];
        try {
          reasons = answer === SKIPPED ? [] : this.activationReasons(answer!);
        } catch (err) {
          fail(p.index, err);
          continue;
        }
        advance(p.index, p.steps, reasons);
      }
    }
    const raw = this.callAll(decisions, this.setsFor(decisions, fail, false), fail);
    for (let k = 0; k < decisions.length; k++) {
      const answer = raw[k];
      if (answer !== FAILED && answer !== SKIPPED) answers[decisions[k]!.index] = this.toAnswer(answer!);
    }
  }

  /** `targetOf` each call; FAILED (its request failed) when that throws. */
  private setsFor(calls: readonly Pending[], fail: (index: number, err: unknown) => void, activation: boolean): (string | typeof SKIPPED | typeof FAILED)[] {
    return calls.map((p) => {
      try {
        return this.targetOf(p.call, activation);
      } catch (err) {
        fail(p.index, err);
        return FAILED;
      }
    });
  }

  /** The cedar-wasm calls, back to back. */
  private callAll(calls: readonly Pending[], sets: readonly (string | typeof SKIPPED | typeof FAILED)[], fail: (index: number, err: unknown) => void): (AuthorizationAnswer | typeof SKIPPED | typeof FAILED)[] {
    const out: (AuthorizationAnswer | typeof SKIPPED | typeof FAILED)[] = new Array(calls.length);
    for (let k = 0; k < calls.length; k++) {
      const set = sets[k]!;
      if (set === SKIPPED || set === FAILED) {
        out[k] = set;
        continue;
      }
      try {
        out[k] = this.callOn(calls[k]!.call, set);
      } catch (err) {
        fail(calls[k]!.index, err);
        out[k] = FAILED;
      }
    }
    return out;
  }

  private callOn(call: CedarCall, preparsedPolicySetId: string): AuthorizationAnswer {
    // Spelled out rather than `{ ...call, … }`: a spread copy cost ~5 µs a call (measured
    // side by side, bench/harness.bench.ts's calls), an object literal next to nothing.
    const { principal, action, resource, context, entities } = call;
    return this.cedar.statefulIsAuthorized({ principal, action, resource, context, entities, preparsedPolicySetId, validateRequest: false });
  }

  /** The slice `call` runs on (pre-parsed now if new); undefined when not slicing. */
  private sliceFor(call: CedarCall): SliceEntry | undefined {
    return this.slices?.cache.entryFor(this.slices.slicer.select(call));
  }

  /**
   * The pre-parsed set `call` runs on: its slice (pre-parsed now if new) or the whole set —
   * or, for an activation call whose slice is empty, SKIPPED (see `activate`).
   */
  private targetOf(call: CedarCall, activation: boolean): string | typeof SKIPPED {
    const slice = this.sliceFor(call);
    return activation && slice?.empty ? SKIPPED : (slice?.id ?? this.policySetId);
  }

  /** Whether `activate` answers `call` without cedar-wasm (its slice is empty). */
  activationSkipped(call: CedarCall): boolean {
    return this.targetOf(call, true) === SKIPPED;
  }

  /** The pre-parsed set `call` runs on: its slice or the whole set. */
  setIdFor(call: CedarCall): string {
    return this.targetOf(call, false) as string;
  }

  /**
   * An activation call: the permitting policies, or a throw on any evaluation error. When
   * its slice holds no policy at all the call is not made — a set with no policy permits
   * nothing and reports no error, and cedar-wasm's fixed cost per call (~50 µs, most of a
   * small call) is then the whole of it. Decision calls are always made.
   */
  activate(call: CedarCall): string[] {
    const target = this.targetOf(call, true);
    return target === SKIPPED ? [] : this.activationReasons(this.callOn(call, target));
  }

  /** An activation call's permitting policies; throws on a failure or evaluation error. */
  private activationReasons(answer: AuthorizationAnswer): string[] {
    if (answer.type === 'failure') throw new Error(`activation: ${answer.errors.map((e) => e.message).join('; ')}`);
    const { diagnostics } = answer.response;
    if (diagnostics.errors.length > 0) {
      throw new Error(`activation policy evaluation error: ${diagnostics.errors.map((e) => `${this.policies.get(e.policyId)?.dslId ?? e.policyId}: ${e.error.message}`).join('; ')}`);
    }
    return diagnostics.reason;
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
    const result: Decision =
      decision === 'allow'
        ? { decision: 'allow', reasons: this.dslIds(diagnostics.reason, 'permit'), deniedBy: [] }
        : { decision: 'deny', reasons: [], deniedBy: this.dslIds(diagnostics.reason, 'forbid') };
    return { ok: true, decision: result };
  }

  /** The DSL rule ids of the policies with `effect` among `policyIds`, each once, sorted. */
  private dslIds(policyIds: readonly string[], effect: 'permit' | 'forbid'): string[] {
    // One loop and a sort (every decision comes through here), no sets or copies; a copy
    // only when there are duplicates (one DSL rule can compile to several policies).
    const out: string[] = [];
    for (const pid of policyIds) {
      const p = this.policies.get(pid);
      if (p?.effect === effect) out.push(p.dslId);
    }
    out.sort();
    for (let i = 1; i < out.length; i++) {
      if (out[i] === out[i - 1]) return out.filter((id, k) => k === 0 || id !== out[k - 1]);
    }
    return out;
  }
}

/** A request's call waiting for its phase, and the steps to resume after it. */
interface Pending {
  index: number;
  steps: CedarSteps;
  call: CedarCall;
}

/** In a phase: no call made (an activation call on an empty slice: nothing permits). */
const SKIPPED = Symbol('skipped');
/** In a phase: the request already has its engine error. */
const FAILED = Symbol('failed');

/**
 * Requests per phase. Each call's slice is chosen (and its slot in the slice cache taken)
 * before any call of the phase runs, so a phase must not touch more slices than the cache
 * holds: a slot reused within the phase would run an earlier call on another slice.
 */
export const PHASE_CALLS = SLICE_CACHE_SLOTS / 2;

/** Below serde_json's recursion limit (128) with room to spare. */
const JSON_DEPTH_SAFE = 100;

/** Nesting depth of a JSON value (objects and arrays count one level each). */
function jsonDepth(v: unknown): number {
  if (v === null || typeof v !== 'object') return 0;
  let deepest = 0;
  for (const x of Array.isArray(v) ? v : Object.values(v)) deepest = Math.max(deepest, jsonDepth(x));
  return deepest + 1;
}
