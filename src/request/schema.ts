/**
 * The JSON Schema of a request for one policy set (`request.schema.json`), generated
 * from the IR: which attributes each block has and which are required, their types,
 * which fields each resource type needs, and which actions fit each resource type.
 * Every engine sees only requests valid against it, so adapters may rely on it.
 */
import type { AttributeIR, AttrType, PolicySetIR } from '../semantics/ir.ts';
import type { ResourceType } from './types.ts';

type JsonSchema = { [k: string]: unknown };

/** Long values must round-trip through a JavaScript number exactly. */
export const MAX_LONG = Number.MAX_SAFE_INTEGER;

const LONG: JsonSchema = { type: 'integer', minimum: -MAX_LONG, maximum: MAX_LONG };
/**
 * IPv6 spellings the two engines read differently, rejected so that they never decide:
 * dotted quads inside IPv6 (`::ffff:10.1.2.3`, `::10.1.2.3`: Cedar's ip() rejects them, an
 * engine error) and IPv4-mapped addresses (`::ffff:a01:203`: OPA, like Go and Java, reads
 * them as the IPv4 address 10.1.2.3, Cedar as an IPv6 address outside 10.0.0.0/8). On a
 * string already valid as `ipv6`, the second alternative means "groups 0-4 are zero and
 * group 5 is ffff". The analyser rejects the same spellings in `ip("…")` literals.
 */
export const AMBIGUOUS_IPV6 =
  '\\.|^(?:(?:0{1,4}:){5}[fF]{4}:|(?:0{1,4}(?::0{1,4})*)?::(?:0{1,4}:)*[fF]{4}:[0-9a-fA-F]{1,4}:[0-9a-fA-F]{1,4}$)';
const IP: JsonSchema = { type: 'string', anyOf: [{ format: 'ipv4' }, { format: 'ipv6', not: { pattern: AMBIGUOUS_IPV6 } }] };
const NAME: JsonSchema = { type: 'string', minLength: 1 };

function valueSchema(t: AttrType): JsonSchema {
  switch (t) {
    case 'String':
      return { type: 'string' };
    case 'Long':
      return { $ref: '#/definitions/long' };
    case 'Bool':
      return { type: 'boolean' };
    case 'IpAddr':
      return { $ref: '#/definitions/ipAddr' };
    case 'Set<String>':
      return { type: 'array', uniqueItems: true, items: { type: 'string' } };
    case 'Set<Long>':
      return { type: 'array', uniqueItems: true, items: { $ref: '#/definitions/long' } };
  }
}

function block(attrs: AttributeIR[], what: string): JsonSchema {
  const required = attrs.filter((a) => !a.optional).map((a) => a.name);
  return {
    description: `The policy set's ${what} attributes (schema block \`${what}\`).`,
    type: 'object',
    additionalProperties: false,
    ...(required.length ? { required } : {}),
    properties: Object.fromEntries(attrs.map((a) => [a.name, valueSchema(a.type)])),
  };
}

/** Fields of `resource` each type requires / allows (besides `type`). */
const RESOURCE_FIELDS: Record<ResourceType, { required: string[]; allowed: string[] }> = {
  cluster: { required: [], allowed: ['deployment'] },
  index: { required: ['index'], allowed: ['index', 'deployment'] },
  document: { required: ['index', 'attributes'], allowed: ['index', 'attributes', 'deployment'] },
  field: { required: ['index', 'field'], allowed: ['index', 'field', 'attributes', 'deployment'] },
  user: { required: ['name'], allowed: ['name', 'deployment'] },
  application: { required: ['application', 'resource'], allowed: ['application', 'resource', 'deployment'] },
  organization: { required: [], allowed: [] },
  deployment: { required: ['deployment'], allowed: ['deployment'] },
};
const ALL_FIELDS = ['index', 'field', 'name', 'application', 'resource', 'deployment', 'attributes'];

/** The actions a request on each resource type may ask for. */
function actionsFor(ir: PolicySetIR, rt: ResourceType): JsonSchema {
  const names = (list: { name: string }[]) => ({ enum: list.map((p) => p.name) });
  switch (rt) {
    case 'cluster':
      return names(ir.catalog.cluster);
    case 'index':
    case 'document':
    case 'field':
      return names(ir.catalog.index);
    case 'organization':
    case 'deployment':
      return names(ir.catalog.cloud.filter((p) => (p.target ?? rt) === rt));
    case 'user':
      return { const: 'run_as' };
    case 'application':
      return NAME; // application privileges are free-form
  }
}

export function requestSchema(ir: PolicySetIR): JsonSchema {
  const types = Object.keys(RESOURCE_FIELDS) as ResourceType[];
  const userRequired = ir.schema.user.some((a) => !a.optional);
  const contextRequired = ir.schema.context.some((a) => !a.optional);
  const resourceRules = types.map((rt) => ({
    if: { properties: { type: { const: rt } } },
    then: {
      ...(RESOURCE_FIELDS[rt].required.length ? { required: RESOURCE_FIELDS[rt].required } : {}),
      properties: Object.fromEntries(ALL_FIELDS.filter((f) => !RESOURCE_FIELDS[rt].allowed.includes(f)).map((f) => [f, false])),
    },
  }));
  const actionRules = types.map((rt) => ({
    if: { properties: { resource: { properties: { type: { const: rt } } } } },
    then: { properties: { action: actionsFor(ir, rt) } },
  }));
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: 'https://rolec.dev/schemas/request.schema.json',
    title: 'rolec request',
    description: 'An engine-neutral authorization request for this policy set (generated by rolec build).',
    type: 'object',
    additionalProperties: false,
    required: ['principal', 'action', 'resource', ...(contextRequired ? ['context'] : [])],
    properties: {
      principal: {
        type: 'object',
        additionalProperties: false,
        required: ['type', 'id', ...(userRequired ? ['attributes'] : [])],
        properties: {
          type: { enum: ['user', 'api_key'] },
          id: NAME,
          realm: { type: 'string' },
          groups: { type: 'array', uniqueItems: true, items: { type: 'string' } },
          roles: { type: 'array', uniqueItems: true, items: { type: 'string' } },
          attributes: { $ref: '#/definitions/userAttributes' },
        },
      },
      action: NAME,
      resource: {
        type: 'object',
        additionalProperties: false,
        required: ['type'],
        properties: {
          type: { enum: types },
          index: NAME,
          field: NAME,
          name: NAME,
          application: NAME,
          resource: NAME,
          deployment: NAME,
          attributes: { $ref: '#/definitions/documentAttributes' },
        },
        allOf: resourceRules,
      },
      context: { $ref: '#/definitions/contextAttributes' },
    },
    allOf: actionRules,
    definitions: {
      long: LONG,
      ipAddr: IP,
      userAttributes: block(ir.schema.user, 'user'),
      documentAttributes: block(ir.schema.document, 'document'),
      contextAttributes: block(ir.schema.context, 'context'),
    },
  };
}
