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
  for (const role of ir.roles) {
    const out: RolePermissionsData = {};
    for (const p of role.permissions) {
      switch (p.kind) {
        case 'cluster':
          (out.cluster ??= []).push({ id: p.id, privileges: [...p.privileges] });
          break;
        case 'index': {
          const entry: IndexPermissionData = {
            id: p.id,
            names: globs(p.names.patterns),
            except: globs(p.names.except),
            privileges: [...p.privileges],
          };
          if (p.fields) entry.fields = { grant: globs(p.fields.grant), except: globs(p.fields.except) };
          if (p.documents) {
            // Identical conditions (common: `document.department == user.department`)
            // share one rule; the key names it in data.
            entry.documents = documentConditions.add(definitelyTrue(p.documents), `documents where ${condText(p.documents)}`, {
              id: p.id,
              where: `${p.loc.file}:${p.loc.line}:${p.loc.col} role ${role.name}`,
            });
          }
          (out.index ??= []).push(entry);
          break;
        }
        case 'run_as':
          (out.run_as ??= []).push({ id: p.id, users: globs(p.users) });
          break;
        case 'application':
          (out.application ??= []).push({
            id: p.id,
            application: globPattern(p.application),
            privileges: globs(p.privileges),
            resources: globs(p.resources),
          });
          break;
      }
    }
    if (Object.keys(out).length > 0) permissions[role.name] = out;
  }
  return { permissions, documentConditions };
}
