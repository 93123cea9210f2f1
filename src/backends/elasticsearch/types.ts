/**
 * The shapes the elasticsearch target emits, taken from the official client's `estypes`
 * (type-only: nothing of the client is loaded at run time). A role descriptor is exactly
 * the body of `PUT /_security/role/<name>`; a role mapping, the body of
 * `PUT /_security/role_mapping/<name>` as `GET /_security/role_mapping` returns it.
 */
import type { estypes } from '@elastic/elasticsearch';

export type RoleDescriptor = Omit<estypes.SecurityPutRoleRequest, 'name' | 'refresh' | 'body' | 'querystring'>;
export type IndicesPrivileges = estypes.SecurityIndicesPrivileges;
export type ApplicationPrivileges = estypes.SecurityApplicationPrivileges;
export type RoleMapping = estypes.SecurityRoleMapping;
export type RoleMappingRule = estypes.SecurityRoleMappingRule;
export type Query = estypes.QueryDslQueryContainer;
export type FieldValue = estypes.FieldValue;
