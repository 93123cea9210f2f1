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
