/**
 * Stable codes of every semantic diagnostic: E02xx names and declarations, E03xx
 * privileges, E04xx schema and conditions, E05xx patterns and field security, E06xx
 * Elastic Cloud; E07xx target limits; W02xx warnings. Once published a code keeps its meaning; new problems get
 * new codes. Titles are what docs/diagnostics.md shows; each diagnostic's message is
 * more specific (it names the things involved).
 */
import { MAX_CONDITION_DEPTH, MAX_PATTERNS } from './limits.ts';

export const SEMANTIC_CODES = {
  // names and declarations
  E0201: 'duplicate role name',
  E0202: 'duplicate deny name',
  E0203: 'duplicate mapping name',
  E0204: 'role named like a built-in stack role',
  E0205: 'undefined role',
  E0206: 'cycle in role includes',
  E0207: 'invalid role name (dotted names are reserved for built-ins such as cloud.*)',
  E0208: 'a cloud role cannot be used in a roles list, includes or `for role`',
  // privileges
  E0301: 'unknown privilege',
  E0302: 'privilege of the wrong family',
  // schema and conditions
  E0401: 'schema attribute declared twice',
  E0402: 'unknown attribute or operand',
  E0403: 'type mismatch',
  E0404: 'document attributes are only readable in `documents where` and deny conditions',
  E0405: 'expected a Bool condition',
  E0406: 'invalid ip address or CIDR range',
  E0407: 'set literal elements must be string or integer literals of one type',
  E0408: '`has` needs an attribute or built-in property',
  // patterns and field security
  E0501: 'the `?` wildcard has no Cedar counterpart',
  E0502: 'regular-expression patterns have no Cedar counterpart',
  E0503: 'empty pattern',
  E0504: 'FLS except pattern not covered by any grant pattern',
  // Elastic Cloud
  E0601: 'unknown cloud role',
  E0602: 'cloud role assigned on a scope it cannot have',
  E0603: 'not a cloud role (assign takes cloud.* roles; use user/api_key/group for stack roles)',
  // target limits (measured; see semantics/limits.ts)
  E0701: `condition too large for the Cedar target: estimated expression depth over ${MAX_CONDITION_DEPTH} (cedar-wasm fails from ~115)`,
  E0702: `more than ${MAX_PATTERNS} patterns in one list (one Cedar \`||\` chain; cedar-wasm fails from ~115 terms)`,
  // assertions
  E0801: 'duplicate assert name',
  E0802: '`unless role` only applies to `never` asserts',
  // warnings
  W0201: '`has` on a required attribute is always true',
  W0202: 'privilege or pattern listed twice',
  W0203: '`none` listed with other privileges has no effect',
  W0204: 'a deny on a target that never names a document reads document attributes (unknown there, so it always fires)',
  W0205: '`principal.type` is compared with something other than "user" or "api_key"',
} as const;

export type SemanticCode = keyof typeof SEMANTIC_CODES;
