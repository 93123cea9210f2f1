/**
 * Role permissions as OPA data (`data.rolec.permissions[role]`), the way OPA's own RBAC
 * examples keep role grants: one entry per DSL permission, carrying its rule id. The
 * decision logic that reads them is in decision.rego; a permission's document condition
 * (a `documents where` clause) is code in policy.rego, referenced here by key.
 *
 * Patterns are stored ready for `glob.match(p, null, name)`: every glob metacharacter but
 * `*` escaped (see text.ts).
 */
import type { PolicySetIR } from '../../semantics/ir.ts';
import { definitelyTrue } from '../../semantics/kleene.ts';
import { condText } from './describe.ts';
import { ConditionTable } from './shared-conditions.ts';
import { globPattern } from './text.ts';

export interface IndexPermissionData {
  id: string;
  names: string[];
  except: string[];
  privileges: string[];
  /** Field-level security; absent = all fields. */
  fields?: { grant: string[]; except: string[] };
  /** Key of the document condition in `document_conditions_true`; absent = all documents. */
  documents?: string;
}

export interface RolePermissionsData {
  cluster?: { id: string; privileges: string[] }[];
  index?: IndexPermissionData[];
  run_as?: { id: string; users: string[] }[];
  application?: { id: string; application: string; privileges: string[]; resources: string[] }[];
}

export interface PermissionTables {
  permissions: Record<string, RolePermissionsData>;
  /** The distinct `documents where` conditions (document_conditions_true in policy.rego). */
  documentConditions: ConditionTable;
}

const globs = (ps: readonly string[]) => ps.map(globPattern);

export function permissionTables(ir: PolicySetIR): PermissionTables {
  const permissions: Record<string, RolePermissionsData> = {};
  const documentConditions = new ConditionTable('d', 'document_conditions_true');
  // Every object is built with its keys in sorted order, as data.json writes them: then
  // stableJson writes these tables without copying them (json.ts).
  for (const role of ir.roles) {
    const out: Required<RolePermissionsData> = { application: [], cluster: [], index: [], run_as: [] };
    for (const p of role.permissions) {
      switch (p.kind) {
        case 'cluster':
          out.cluster.push({ id: p.id, privileges: [...p.privileges] });
          break;
        case 'index': {
          const entry = {} as IndexPermissionData;
          if (p.documents) {
            // Identical conditions (common: `document.department == user.department`)
            // share one rule; the key names it in data.
            entry.documents = documentConditions.add(definitelyTrue(p.documents), `documents where ${condText(p.documents)}`, {
              id: p.id,
              where: `${p.loc.file}:${p.loc.line}:${p.loc.col} role ${role.name}`,
            });
          }
          entry.except = globs(p.names.except);
          if (p.fields) entry.fields = { except: globs(p.fields.except), grant: globs(p.fields.grant) };
          entry.id = p.id;
          entry.names = globs(p.names.patterns);
          entry.privileges = [...p.privileges];
          out.index.push(entry);
          break;
        }
        case 'run_as':
          out.run_as.push({ id: p.id, users: globs(p.users) });
          break;
        case 'application':
          out.application.push({
            application: globPattern(p.application),
            id: p.id,
            privileges: globs(p.privileges),
            resources: globs(p.resources),
          });
          break;
      }
    }
    // Only the kinds the role has (an empty list would be a different data.json).
    const held: RolePermissionsData = {};
    if (out.application.length > 0) held.application = out.application;
    if (out.cluster.length > 0) held.cluster = out.cluster;
    if (out.index.length > 0) held.index = out.index;
    if (out.run_as.length > 0) held.run_as = out.run_as;
    if (Object.keys(held).length > 0) permissions[role.name] = held;
  }
  return { permissions, documentConditions };
}
