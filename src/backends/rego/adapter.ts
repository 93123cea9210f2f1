/**
 * The neutral request (src/request/types.ts) → OPA `input` for rolec/authz/decision.
 *
 * The shape stays close to the request so that a reviewer can read the Rego against it:
 *   input.principal {type, id, realm?, groups: [...], roles: [...], attributes: {...}}
 *   input.action
 *   input.resource  {type, index?, field?, name?, application?, resource?, deployment?,
 *                    attributes? — only on document and field requests}
 *   input.context   {...}
 * Absent optional values stay absent (the Rego tests definedness explicitly); list- and
 * object-valued members default to empty so that the Rego never iterates `undefined`.
 * The request must already be validated against the policy set's request schema.
 */
import { requestSchema } from '../../request/schema.ts';
import type { Request } from '../../request/types.ts';
import { requestValidator, type RequestIssue } from '../../request/validate.ts';
import type { PolicySetIR } from '../../semantics/ir.ts';

export interface RegoInput {
  principal: {
    type: string;
    id: string;
    realm?: string;
    groups: string[];
    roles: string[];
    attributes: Record<string, unknown>;
  };
  action: string;
  resource: Record<string, unknown> & { type: string };
  context: Record<string, unknown>;
}

const RESOURCE_KEYS = ['index', 'field', 'name', 'application', 'resource', 'deployment'] as const;

export function toRegoInput(request: Request): RegoInput {
  const p = request.principal;
  const principal: RegoInput['principal'] = {
    type: p.type,
    id: p.id,
    groups: [...(p.groups ?? [])],
    roles: [...(p.roles ?? [])],
    attributes: { ...(p.attributes ?? {}) },
  };
  if (p.realm !== undefined) principal.realm = p.realm;
  const r = request.resource;
  const resource: RegoInput['resource'] = { type: r.type };
  for (const k of RESOURCE_KEYS) if (r[k] !== undefined) resource[k] = r[k];
  // Document attributes exist only where a request can name a document.
  if (r.attributes !== undefined && (r.type === 'document' || r.type === 'field')) resource.attributes = { ...r.attributes };
  return { principal, action: request.action, resource, context: { ...(request.context ?? {}) } };
}

/**
 * The adapter an embedding application uses: validates against the policy set's request
 * schema (the same `request.schema.json` and validator as the Cedar side), then adapts.
 */
export function regoInputAdapter(
  ir: PolicySetIR,
): (request: unknown) => { ok: true; input: RegoInput } | { ok: false; issues: RequestIssue[] } {
  const validate = requestValidator(requestSchema(ir));
  return (request) => {
    const issues = validate(request);
    return issues.length > 0 ? { ok: false, issues } : { ok: true, input: toRegoInput(request as Request) };
  };
}
