/**
 * The Elasticsearch interop codes: import (I0xxx, below) and the elasticsearch build
 * target (ES0xx, at the end) — one table, before the report stage that lists every code.
 *
 * Import diagnostic codes of `rolec import elasticsearch` (I0xxx). Every construct of the
 * input that has no exact `.role` counterpart gets one of these, naming the role (or
 * mapping), the index entry and the JSON path — nothing is dropped silently. Warnings
 * (W-severity rows) do not stop the import; errors do unless `--keep-going`, and then the
 * offending descriptor or mapping is left out whole.
 */
export const IMPORT_CODES: Record<string, { severity: 'error' | 'warning'; title: string }> = {
  I0001: { severity: 'error', title: 'input file cannot be read or is neither JSON nor YAML' },
  I0002: { severity: 'error', title: 'input does not have the shape of role descriptors / role mappings (JSON Schema)' },
  I0003: { severity: 'error', title: 'unknown field in a role descriptor or role mapping' },
  I0004: { severity: 'error', title: 'role name is not a `.role` identifier, is a built-in role, or is defined twice' },
  I0010: { severity: 'error', title: 'unknown cluster privilege' },
  I0011: { severity: 'error', title: 'unknown index privilege' },
  I0012: { severity: 'error', title: '`?` wildcard in a name pattern (no Cedar counterpart)' },
  I0013: { severity: 'error', title: 'regular-expression name pattern `/…/`' },
  I0014: { severity: 'error', title: 'escaped `*` or other escape in a name pattern' },
  I0015: { severity: 'error', title: 'remote_indices / remote_cluster (cross-cluster privileges are not modelled)' },
  I0016: { severity: 'error', title: 'global privileges or restriction (request-aware privileges, API-key workflows are not modelled)' },
  I0017: { severity: 'error', title: 'allow_restricted_indices: true (restricted indices are not modelled)' },
  I0018: { severity: 'error', title: 'metadata value that is not a string, integer or boolean' },
  I0019: { severity: 'error', title: 'field_security without grant, or with an empty grant' },
  I0020: { severity: 'error', title: 'DLS query clause outside the supported Query DSL subset' },
  I0021: { severity: 'error', title: 'DLS template feature outside the subset (stored script, params, toJson, unsupported _user value)' },
  I0022: { severity: 'error', title: 'DLS query is not valid JSON or not a query object' },
  I0023: { severity: 'error', title: 'attribute used with two different types' },
  I0024: { severity: 'error', title: 'field or metadata name that is not a `.role` identifier (e.g. dotted)' },
  I0030: { severity: 'error', title: 'role-mapping rule field without counterpart (dn, unknown field)' },
  I0031: { severity: 'error', title: 'role_templates (roles computed by Mustache) are not supported' },
  I0032: { severity: 'warning', title: 'disabled role mapping (`enabled: false`) not imported' },
  I0033: { severity: 'error', title: 'role mapping names a role that is neither imported nor built in' },
  I0034: { severity: 'error', title: 'role-mapping value with no counterpart (wildcard on groups or metadata, regex, null on username)' },
  I0036: { severity: 'warning', title: 'role_mapping.yml DN read as a group DN (.role principals have no DN; a user DN matches nobody)' },
  I0035: { severity: 'warning', title: 'metadata or transient_metadata not carried into `.role` (role-mapping metadata, transient_metadata)' },
};

/**
 * Target codes of `rolec build --target elasticsearch` (ES0xx): constructs of a valid
 * policy set that Elasticsearch role descriptors and role mappings cannot express. Each
 * names the DSL rule; the build fails as a whole (docs/elasticsearch.md lists them).
 */
export const ES_TARGET_CODES: Record<string, string> = {
  ES001: 'deny rules have no Elasticsearch counterpart (Elasticsearch privileges only grant)',
  ES002: 'a role-level `where` has no counterpart in a role descriptor',
  ES003: 'a role includes a built-in role; Elasticsearch roles cannot include other roles',
  ES004: '`index … except …` has no wildcard counterpart (Elasticsearch would need a Lucene regex)',
  ES006: 'an `api_key` assignment: API keys carry their own role descriptors, role mappings never apply to them',
  ES007: 'a `group` assignment also applies to API keys carrying groups; role mappings apply to users only',
  ES008: 'a mapping condition that can hold for an API key (Elasticsearch role mappings apply to users only)',
  ES009: 'a mapping condition Elasticsearch role-mapping rules cannot express',
  ES010: 'a document condition the Query DSL subset cannot express',
  ES011: 'a Cloud assignment: Elastic Cloud organization roles are not Elasticsearch roles',
  ES012: 'a value a role-mapping field rule would read as a wildcard or regex',
};
