/**
 * JSON Schemas of the inputs (role descriptors, role mappings), checked with ajv before
 * anything is read: a field of the wrong type is an I0002 at its JSON path. Unknown
 * fields are left to the importer (I0003 with did-you-mean).
 */
import { Ajv, type ErrorObject } from 'ajv';

const strings = { type: 'array', items: { type: 'string' } } as const;
const indexEntry = {
  type: 'object',
  required: ['names', 'privileges'],
  properties: {
    names: { anyOf: [{ type: 'string' }, strings] },
    privileges: strings,
    field_security: { type: 'object', properties: { grant: strings, except: strings } },
    allow_restricted_indices: { type: 'boolean' },
  },
} as const;

export const DESCRIPTOR_SCHEMA = {
  type: 'object',
  properties: {
    cluster: strings,
    indices: { type: 'array', items: indexEntry },
    index: { type: 'array', items: indexEntry },
    applications: {
      type: 'array',
      items: { type: 'object', required: ['application', 'privileges', 'resources'], properties: { application: { type: 'string' }, privileges: strings, resources: strings } },
    },
    run_as: strings,
    metadata: { type: 'object' },
    transient_metadata: { type: 'object' },
    description: { type: 'string' },
  },
} as const;

export const MAPPING_SCHEMA = {
  type: 'object',
  properties: {
    enabled: { type: 'boolean' },
    roles: strings,
    role_templates: { type: 'array' },
    rules: { type: 'object' },
    metadata: { type: 'object' },
  },
} as const;

const ajv = new Ajv({ allErrors: true, strict: false });
const checkDescriptor = ajv.compile(DESCRIPTOR_SCHEMA);
const checkMapping = ajv.compile(MAPPING_SCHEMA);

export interface ShapeError {
  /** JSON path segments below the descriptor / mapping. */
  segments: (string | number)[];
  message: string;
}

function errorsOf(errs: ErrorObject[] | null | undefined): ShapeError[] {
  return (errs ?? []).map((e) => ({
    segments: e.instancePath
      .split('/')
      .slice(1)
      .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
      .map((s) => (/^\d+$/.test(s) ? Number(s) : s)),
    message: e.message ?? 'invalid',
  }));
}

export function descriptorShape(x: unknown): ShapeError[] {
  return checkDescriptor(x) ? [] : errorsOf(checkDescriptor.errors);
}

export function mappingShape(x: unknown): ShapeError[] {
  return checkMapping(x) ? [] : errorsOf(checkMapping.errors);
}
