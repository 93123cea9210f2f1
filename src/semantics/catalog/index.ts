/**
 * The privilege catalog, the built-in stack roles and the Elastic Cloud roles — shipped
 * as JSON data beside this file, validated against their JSON Schemas with ajv at load,
 * then cross-checked (every name referenced exists, no implication cycle) and closed
 * transitively. A malformed catalog is a {@link CatalogError} naming the file and the
 * JSON path, never a half-loaded catalog.
 */
import privilegesJson from './privileges.json' with { type: 'json' };
import privilegesSchema from './privileges.schema.json' with { type: 'json' };
import builtinRolesJson from './builtin-roles.json' with { type: 'json' };
import builtinRolesSchema from './builtin-roles.schema.json' with { type: 'json' };
import cloudRolesJson from './cloud-roles.json' with { type: 'json' };
import cloudRolesSchema from './cloud-roles.schema.json' with { type: 'json' };
import { Ajv } from 'ajv';
import type { CatalogIR, CloudRoleIR, PrivilegeFamily, PrivilegeIR } from '../ir.ts';

export class CatalogError extends Error {
  constructor(file: string, path: string, message: string) {
    super(`${file}${path ? ` at ${path}` : ''}: ${message}`);
    this.name = 'CatalogError';
  }
}

// ---------------------------------------------------------------------------
// Raw data shapes (what the JSON files hold)

export interface PrivilegeData {
  name: string;
  implies: string[];
  target?: 'organization' | 'deployment';
}
export interface FamilyData {
  privileges: PrivilegeData[];
  aliases: Record<string, string>;
}
export interface PrivilegesFile {
  version: string;
  families: Record<PrivilegeFamily, FamilyData>;
}
export interface BuiltinRoleData {
  name: string;
  description: string;
  cluster: string[];
  indices: { names: string[]; except: string[]; privileges: string[] }[];
  run_as: string[];
  applications: { application: string; privileges: string[]; resources: string[] }[];
}
export interface BuiltinRolesFile {
  roles: BuiltinRoleData[];
}
export interface CloudRoleData extends Omit<CloudRoleIR, 'name'> {
  name: CloudRoleIR['name'];
  title: string;
}
export interface CloudRolesFile {
  roles: CloudRoleData[];
}

export const FAMILIES: readonly PrivilegeFamily[] = ['cluster', 'index', 'cloud'];

/** The loaded, checked catalog with fast look-ups. */
export interface Catalog {
  ir: CatalogIR;
  /** Canonical name of a privilege (aliases resolved), or undefined if unknown. */
  resolve(family: PrivilegeFamily, name: string): string | undefined;
  /** Transitive implications of a canonical privilege, including itself. */
  closure(family: PrivilegeFamily, name: string): readonly string[];
  /** Families (other than `family`) in which `name` is a privilege — for wrong-family errors. */
  familiesOf(name: string): PrivilegeFamily[];
  /** Direct implications as written in the data (for the generated docs table). */
  direct: Record<PrivilegeFamily, PrivilegeData[]>;
  aliases: Record<PrivilegeFamily, Record<string, string>>;
  builtinRoles: BuiltinRoleData[];
  cloudRoles: CloudRoleIR[];
  cloudRoleTitles: Record<string, string>;
}

// ---------------------------------------------------------------------------

// The data ships as JSON modules (bundled into lib/ and into browser builds alike).
const SCHEMAS: Record<string, object> = {
  'privileges.schema.json': privilegesSchema,
  'builtin-roles.schema.json': builtinRolesSchema,
  'cloud-roles.schema.json': cloudRolesSchema,
};

function validate<T>(file: string, schemaFile: string, data: unknown): T {
  const ajv = new Ajv({ allErrors: true, strict: true });
  const check = ajv.compile(SCHEMAS[schemaFile]!);
  if (!check(data)) {
    const first = check.errors![0]!;
    throw new CatalogError(file, first.instancePath || '/', `${first.message ?? 'invalid'} (schema ${schemaFile})`);
  }
  return data as T;
}

let cached: Catalog | undefined;

/** The shipped catalog (loaded and checked once per process). */
export function loadCatalog(): Catalog {
  cached ??= buildCatalog(
    validate<PrivilegesFile>('privileges.json', 'privileges.schema.json', privilegesJson),
    validate<BuiltinRolesFile>('builtin-roles.json', 'builtin-roles.schema.json', builtinRolesJson),
    validate<CloudRolesFile>('cloud-roles.json', 'cloud-roles.schema.json', cloudRolesJson),
  );
  return cached;
}

/** Validates raw data (as {@link loadCatalog} does) — exported for tests of malformed catalogs. */
export function catalogFromData(priv: unknown, builtin: unknown, cloud: unknown): Catalog {
  return buildCatalog(
    validate<PrivilegesFile>('privileges.json', 'privileges.schema.json', priv),
    validate<BuiltinRolesFile>('builtin-roles.json', 'builtin-roles.schema.json', builtin),
    validate<CloudRolesFile>('cloud-roles.json', 'cloud-roles.schema.json', cloud),
  );
}

function buildCatalog(priv: PrivilegesFile, builtin: BuiltinRolesFile, cloud: CloudRolesFile): Catalog {
  const closures = {} as Record<PrivilegeFamily, Map<string, string[]>>;
  const aliasMaps = {} as Record<PrivilegeFamily, Record<string, string>>;
  const ir: CatalogIR = { version: priv.version, cluster: [], index: [], cloud: [] };
  for (const family of FAMILIES) {
    const fam = priv.families[family];
    const base = `/families/${family}`;
    const direct = new Map<string, string[]>();
    fam.privileges.forEach((p, i) => {
      if (direct.has(p.name)) throw new CatalogError('privileges.json', `${base}/privileges/${i}`, `duplicate privilege "${p.name}"`);
      if ((family === 'cloud') !== (p.target !== undefined))
        throw new CatalogError('privileges.json', `${base}/privileges/${i}`, 'cloud privileges (and only they) must have a target');
      direct.set(p.name, p.implies);
    });
    fam.privileges.forEach((p, i) =>
      p.implies.forEach((q, j) => {
        if (!direct.has(q))
          throw new CatalogError('privileges.json', `${base}/privileges/${i}/implies/${j}`, `"${p.name}" implies unknown privilege "${q}"`);
      }),
    );
    for (const [alias, target] of Object.entries(fam.aliases)) {
      if (direct.has(alias)) throw new CatalogError('privileges.json', `${base}/aliases/${alias}`, 'alias shadows a privilege');
      if (!direct.has(target)) throw new CatalogError('privileges.json', `${base}/aliases/${alias}`, `alias of unknown privilege "${target}"`);
    }
    const closure = new Map<string, string[]>();
    const visiting = new Set<string>();
    const close = (name: string): string[] => {
      const done = closure.get(name);
      if (done) return done;
      if (visiting.has(name)) throw new CatalogError('privileges.json', base, `implication cycle through "${name}"`);
      visiting.add(name);
      const all = new Set<string>([name]);
      for (const q of direct.get(name)!) for (const r of close(q)) all.add(r);
      visiting.delete(name);
      const sorted = [...all].sort();
      closure.set(name, sorted);
      return sorted;
    };
    const entries: PrivilegeIR[] = [...direct.keys()].sort().map((name) => {
      const target = fam.privileges.find((p) => p.name === name)!.target;
      return target ? { name, implies: close(name), target } : { name, implies: close(name) };
    });
    ir[family] = entries;
    closures[family] = closure;
    aliasMaps[family] = fam.aliases;
  }

  const resolve = (family: PrivilegeFamily, name: string): string | undefined =>
    closures[family].has(name) ? name : aliasMaps[family][name];

  builtin.roles.forEach((r, i) => {
    const at = (sub: string) => `/roles/${i}/${sub}`;
    r.cluster.forEach((p, j) => {
      if (resolve('cluster', p) === undefined) throw new CatalogError('builtin-roles.json', at(`cluster/${j}`), `unknown cluster privilege "${p}"`);
    });
    r.indices.forEach((ix, j) =>
      ix.privileges.forEach((p, k) => {
        if (resolve('index', p) === undefined)
          throw new CatalogError('builtin-roles.json', at(`indices/${j}/privileges/${k}`), `unknown index privilege "${p}"`);
      }),
    );
  });
  const builtinNames = new Set(builtin.roles.map((r) => r.name));

  const cloudRoles: CloudRoleIR[] = [];
  const cloudRoleTitles: Record<string, string> = {};
  cloud.roles.forEach((r, i) => {
    const lists = ['organizationPrivileges', 'organizationPrivilegesWhenAllDeployments', 'deploymentPrivileges'] as const;
    const closed = {} as Record<(typeof lists)[number], string[]>;
    for (const list of lists) {
      const wantTarget = list === 'deploymentPrivileges' ? 'deployment' : 'organization';
      const all = new Set<string>();
      r[list].forEach((p, j) => {
        const entry = ir.cloud.find((c) => c.name === p);
        if (!entry) throw new CatalogError('cloud-roles.json', `/roles/${i}/${list}/${j}`, `unknown cloud privilege "${p}"`);
        if (entry.target !== wantTarget)
          throw new CatalogError('cloud-roles.json', `/roles/${i}/${list}/${j}`, `"${p}" targets ${entry.target}, not ${wantTarget}`);
        for (const q of entry.implies) all.add(q);
      });
      closed[list] = [...all].sort();
    }
    if (r.signInRole !== undefined && !builtinNames.has(r.signInRole))
      throw new CatalogError('cloud-roles.json', `/roles/${i}/signInRole`, `"${r.signInRole}" is not a built-in stack role`);
    const role: CloudRoleIR = { name: r.name, ...closed, allowedScopes: [...r.allowedScopes] };
    if (r.signInRole !== undefined) role.signInRole = r.signInRole;
    cloudRoles.push(role);
    cloudRoleTitles[r.name] = r.title;
  });
  cloudRoles.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));

  return {
    ir,
    resolve,
    closure: (family, name) => closures[family].get(name) ?? [],
    familiesOf: (name) => FAMILIES.filter((f) => resolve(f, name) !== undefined),
    direct: Object.fromEntries(FAMILIES.map((f) => [f, priv.families[f].privileges])) as Record<PrivilegeFamily, PrivilegeData[]>,
    aliases: aliasMaps,
    builtinRoles: builtin.roles,
    cloudRoles,
    cloudRoleTitles,
  };
}
