/**
 * The emitted policies.cedar read back through cedar-wasm's own parser: the text split
 * into policies (`policySetTextToParts`) and each turned into Cedar's JSON policy format,
 * the EST (`policyToJson`). The encoding works on what Cedar itself parsed, never on
 * rolec's Cedar backend or its printer.
 */
import type { CedarApi } from '../../backends/cedar/wasm-api.ts';

export interface EntityRefJson {
  type: string;
  id: string;
}

/** An EST expression: one-key objects (`{"&&": {left, right}}`, `{"Var": "principal"}`, …). */
export type EstExpr = Record<string, unknown>;

export interface EstScope {
  op: 'All' | '==' | 'in' | 'is';
  entity?: EntityRefJson;
  entities?: EntityRefJson[];
  entity_type?: string;
  in?: { entity: EntityRefJson };
  /** Template slots are never emitted; present here only to be reported. */
  slot?: string;
}

export interface EstPolicy {
  effect: 'permit' | 'forbid';
  principal: EstScope;
  action: EstScope;
  resource: EstScope;
  conditions: { kind: 'when' | 'unless'; body: EstExpr }[];
  annotations?: Record<string, string>;
}

export interface ReadPolicy {
  /** `p0…pN` in file order (the engine's ids). */
  key: string;
  /** The DSL rule id (`@id`), the engine's reason. */
  id: string;
  est: EstPolicy;
}

export function readPolicies(text: string, cedar: CedarApi): ReadPolicy[] {
  const parts = cedar.policySetTextToParts(text);
  if (parts.type === 'failure') throw new Error(`policies.cedar does not parse: ${parts.errors.map((e) => e.message).join('; ')}`);
  if (parts.policy_templates.length > 0) throw new Error('policies.cedar holds templates (rolec never emits them)');
  return parts.policies.map((p, i) => {
    const json = cedar.policyToJson(p);
    if (json.type === 'failure') throw new Error(`policy p${i} has no JSON form: ${json.errors.map((e) => e.message).join('; ')}`);
    const est = json.json as unknown as EstPolicy;
    return { key: `p${i}`, id: est.annotations?.id ?? `p${i}`, est };
  });
}
