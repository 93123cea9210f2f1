/**
 * The Cedar vocabulary rolec emits: entity type names, action ids, and the escaping of
 * string literals and `like` patterns. Everything that spells a Cedar name lives here so
 * that the schema, the policies, the static entities and the request adapter agree.
 */
import type { PrivilegeFamily } from '../../semantics/ir.ts';
import type { ResourceType } from '../../request/types.ts';

/** Principal and grouping entity types. */
export const USER = 'User';
export const API_KEY = 'ApiKey';
export const GROUP = 'Group';
export const ROLE = 'Role';

/** One Cedar entity type per request resource type. */
export const RESOURCE_ENTITY: Record<ResourceType, string> = {
  cluster: 'Cluster',
  index: 'Index',
  document: 'Document',
  field: 'Field',
  user: 'RunAsUser',
  application: 'ApplicationResource',
  organization: 'Organization',
  deployment: 'Deployment',
};

export const DEPLOYMENT_TYPE = RESOURCE_ENTITY.deployment;

/** The resource types a stack role's permissions (and sign-in roles) apply to. */
export const STACK_RESOURCES: readonly ResourceType[] = ['cluster', 'index', 'document', 'field', 'user', 'application'];
/** Index privileges apply to requests on these resource types. */
export const INDEX_RESOURCES: readonly ResourceType[] = ['index', 'document', 'field'];

/** The single action for `run_as` and the generic action for every application privilege. */
export const RUN_AS_ACTION = 'run_as';
export const APPLICATION_ACTION = 'application';
/** The action of the activation policies (activation.ts): never a request's action. */
export const ACTIVATE_ACTION = 'rolec:activate';

/** Action id of a catalog privilege: families are kept apart by a prefix (`index:read`). */
export function privilegeAction(family: PrivilegeFamily, privilege: string): string {
  return `${family}:${privilege}`;
}

/** The Cedar action id a neutral request's (resource type, action) pair maps to. */
export function requestAction(type: ResourceType, action: string): string {
  switch (type) {
    case 'cluster':
      return privilegeAction('cluster', action);
    case 'index':
    case 'document':
    case 'field':
      return privilegeAction('index', action);
    case 'organization':
    case 'deployment':
      return privilegeAction('cloud', action);
    case 'user':
      return RUN_AS_ACTION;
    case 'application':
      return APPLICATION_ACTION;
  }
}

/**
 * Values vs structure. Strict validation types a policy independently of the string
 * values in it (a string literal is a String, `Role::"x"` is a Role, whatever x is), so
 * policies that differ only in values need validating once. Value literals are rendered
 * between two private-use marks; `finalText` drops the marks, `shapeText` blanks the
 * values, giving the policy's shape (user text never contains the marks: they are
 * control characters, which cedarString always escapes). Action ids, attribute names and
 * `ip()` arguments are structure (the validator checks them), so they are never marked.
 * The marks are below U+0100 so that a policy's text stays a one-byte string in V8: with
 * the private-use marks used before (U+E000, U+E001) every policy was a two-byte string,
 * twice the memory and garbage on 100,000-role sets. Those two characters are still
 * escaped (escapeChar) so that bundles stay byte-identical to earlier builds.
 */
const VALUE_START = '\u0001';
const VALUE_END = '\u0002';
/** Both marks, for a regex character class. */
export const VALUE_MARKS = VALUE_START + VALUE_END;
const LEGACY_MARKS = '\uE000\uE001';

/** A string literal that is a value (see above). */
export function valueString(s: string): string {
  return VALUE_START + cedarString(s) + VALUE_END;
}

/** A `like` pattern that is a value. */
export function valuePattern(p: string): string {
  return VALUE_START + cedarPattern(p) + VALUE_END;
}

/** An entity uid whose id is a value (roles, principals, groups, deployments). */
export function entityValueRef(type: string, id: string): string {
  return `${type}::${valueString(id)}`;
}

/** The policy text as written to policies.cedar. */
export function finalText(marked: string): string {
  return marked.replace(/[\u0001\u0002]/g, '');
}

/** The policy's shape: every value blanked to `""`. */
export function shapeText(marked: string): string {
  return marked.replace(/\u0001[^\u0002]*\u0002/g, '""');
}

/** Entity uid literal, e.g. `Role::"analyst"`. */
export function entityRef(type: string, id: string): string {
  return `${type}::${cedarString(id)}`;
}

export function actionRef(id: string): string {
  return entityRef('Action', id);
}

function escapeChar(ch: string): string {
  switch (ch) {
    case '\\':
      return '\\\\';
    case '"':
      return '\\"';
    case '\n':
      return '\\n';
    case '\r':
      return '\\r';
    case '\t':
      return '\\t';
    case '\0':
      return '\\0';
    default: {
      const code = ch.codePointAt(0)!;
      if (code < 0x20 || code === 0x7f || LEGACY_MARKS.includes(ch)) return `\\u{${code.toString(16)}}`;
      return ch;
    }
  }
}

/** What escapeChar changes: most names have none of it and are quoted as they are. */
const NEEDS_ESCAPE = /[\\"\u0000-\u001f\u007f\uE000\uE001]/;

/** A Cedar string literal denoting exactly `s`. */
export function cedarString(s: string): string {
  if (!NEEDS_ESCAPE.test(s)) return `"${s}"`;
  let out = '"';
  for (const ch of s) out += escapeChar(ch);
  return out + '"';
}

/**
 * A Cedar `like` pattern literal for a .role wildcard pattern: `*` is the wildcard,
 * every other character (including `\` and `"`) matches itself.
 */
export function cedarPattern(p: string): string {
  return cedarString(p);
}

const RESERVED = new Set(['true', 'false', 'if', 'then', 'else', 'in', 'is', 'like', 'has', '__cedar']);
const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** `e.attr`, or `e["attr"]` when the name is not a plain Cedar identifier. */
export function attrAccess(base: string, name: string): string {
  return IDENT.test(name) && !RESERVED.has(name) ? `${base}.${name}` : `${base}[${cedarString(name)}]`;
}

/** `e has attr`, using the string form for names Cedar would not parse bare. */
export function hasAttr(base: string, name: string): string {
  return IDENT.test(name) && !RESERVED.has(name) ? `${base} has ${name}` : `${base} has ${cedarString(name)}`;
}

/** Schema-side attribute key: quoted when not a plain identifier. */
export function schemaKey(name: string): string {
  return IDENT.test(name) && !RESERVED.has(name) ? name : cedarString(name);
}
