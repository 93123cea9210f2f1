/**
 * The typed intermediate representation (IR) of a compiled policy set.
 *
 * This is the single contract between the front end (src/syntax + src/semantics)
 * and the two backends (src/backends/cedar, src/backends/rego). It is plain,
 * JSON-serialisable data: no classes, no functions, no references back into the
 * AST. Everything a backend needs to decide a request is here, already resolved
 * and checked:
 *
 *  - names are resolved (roles exist, privileges exist and belong to the family),
 *  - `includes` is kept as a DAG (acyclic, checked) — see {@link RoleIR.includes},
 *  - conditions are type-checked and carry their operand types,
 *  - patterns are validated (only `*` is special; `?` and `/regex/` were rejected).
 *
 * Semantics are those of ../shared/spec/language.md (normative). The decision for
 * a request is:
 *
 *   grants   = { p.id | p permission of an *active* role, p matches the request }
 *   denies   = { d.id | d deny that fires on the request }
 *   allow    = grants ≠ ∅ ∧ denies = ∅
 *   reasons  = allow ? grants : ∅          (the DSL rules that decided an allow)
 *   deniedBy = denies                       (the DSL rules that decided a deny)
 *
 * Role activation (which roles' permissions apply to a request):
 *
 *   held(R)   = some holder of R applies        (see {@link RoleHolderIR})
 *   active(R) = (held(R) ∨ ∃Q ∈ includedBy(R): active(Q)) ∧ where(R) is definitely true
 *
 * i.e. a role-level `where` guards the role's own permissions and everything it
 * includes; an included role keeps its own guard too.
 *
 * Rule ids (`id` fields) have the form `<file>:<line>:<rule>` where `<file>` is the
 * source path relative to the policy-set root, `<line>` is 1-based, and `<rule>` is the
 * DSL name (role, deny, mapping name; `user:NAME`, `api_key:NAME`, `group:NAME` for
 * static assignments; `assign:user:NAME` for cloud assignments). Built-ins use the file
 * `<builtin>`. Both backends report these ids verbatim so that the harness can compare
 * *why* as well as *what*.
 */

/** Position of a construct in a `.role` file (1-based line and column). */
export interface SourceLoc {
  file: string;
  line: number;
  col: number;
}

// ---------------------------------------------------------------------------
// Schema

/** The six attribute types; the syntax stage defines them (schema blocks name them). */
export type { AttrType } from '../syntax/ast.ts';
import type { AttrType } from '../syntax/ast.ts';

export interface AttributeIR {
  name: string;
  type: AttrType;
  /** Declared with `?`: may be absent; reading it when absent is *unknown*. */
  optional: boolean;
}

export interface SchemaIR {
  /** Attributes of every principal (users and API keys alike), sorted by name. */
  user: AttributeIR[];
  /** Attributes of every document named by a request, sorted by name. */
  document: AttributeIR[];
  /** Attributes of every request's context, sorted by name. */
  context: AttributeIR[];
}

// ---------------------------------------------------------------------------
// Privilege catalog (embedded so that backends need nothing else)

export type PrivilegeFamily = 'cluster' | 'index' | 'cloud';

export interface PrivilegeIR {
  name: string;
  /**
   * Every privilege this one implies, transitively, *including itself*, sorted.
   * (`none` implies only itself.)
   */
  implies: string[];
  /** Cloud privileges only: which request resource type they target. */
  target?: 'organization' | 'deployment';
}

export interface CatalogIR {
  /** Catalog version string, e.g. "elasticsearch-8.x/rolec-1". */
  version: string;
  /** Privileges per family, sorted by name. Aliases are resolved away. */
  cluster: PrivilegeIR[];
  index: PrivilegeIR[];
  cloud: PrivilegeIR[];
}

// ---------------------------------------------------------------------------
// Conditions (the ABAC language), type-checked

/** Built-in properties. All but `principal.id`, `principal.type` and `principal.groups`
 *  may be absent from a request and are therefore read as *unknown* when absent. */
export type BuiltinProp =
  | 'principal.id'
  | 'principal.type'
  | 'principal.realm'
  | 'principal.groups'
  | 'resource.index'
  | 'resource.field'
  | 'resource.deployment';

export type ValueExpr =
  | { kind: 'string'; value: string }
  | { kind: 'long'; value: number } // integer within ±(2^53−1)
  | { kind: 'bool'; value: boolean }
  | { kind: 'set'; elemType: 'String' | 'Long'; values: (string | number)[] }
  | { kind: 'ip'; cidr: string } // ip("10.0.0.0/8") or ip("10.1.2.3")
  | {
      kind: 'attr';
      scope: 'user' | 'document' | 'context';
      name: string;
      type: AttrType;
      optional: boolean;
    }
  | { kind: 'prop'; prop: BuiltinProp; type: AttrType; optional: boolean };

export type CompareOp = '==' | '!=' | '<' | '<=' | '>' | '>=';

export type Cond =
  | { kind: 'const'; value: boolean }
  /** A Bool-typed operand used as a condition (`context.mfa`). */
  | { kind: 'truthy'; expr: ValueExpr }
  /** `==`/`!=` on equal types (not IpAddr); ordering on Long only. */
  | { kind: 'compare'; op: CompareOp; left: ValueExpr; right: ValueExpr }
  /** `x in S`: element in a set-typed operand (attribute or literal). */
  | { kind: 'in'; elem: ValueExpr; set: ValueExpr }
  /** `S.contains(x)`, `S.containsAll(T)`, `S.containsAny(T)`. */
  | {
      kind: 'setop';
      op: 'contains' | 'containsAll' | 'containsAny';
      set: ValueExpr;
      arg: ValueExpr;
    }
  | { kind: 'isEmpty'; set: ValueExpr }
  /** `x like "pat*"`: wildcard pattern, only `*` is special. */
  | { kind: 'like'; expr: ValueExpr; pattern: string }
  /** `has user.ATTR` — only on optional attributes (and optional built-in props). Never unknown. */
  | { kind: 'has'; operand: Extract<ValueExpr, { kind: 'attr' } | { kind: 'prop' }> }
  /** `x.isInRange(ip("cidr"))` on IpAddr operands. */
  | { kind: 'isInRange'; expr: ValueExpr; range: ValueExpr }
  | { kind: 'and'; args: Cond[] }
  | { kind: 'or'; args: Cond[] }
  | { kind: 'not'; arg: Cond };

// ---------------------------------------------------------------------------
// Permissions (what a role grants)

/** A name pattern: `*` matches any sequence (incl. empty, `.`, `-`, `/`); every other
 *  character matches itself, case-sensitively. Backends must escape everything else. */
export type Pattern = string;

export interface NameMatchIR {
  /** Matches when some pattern matches … */
  patterns: Pattern[];
  /** … and no except pattern does. Empty = no exclusion. */
  except: Pattern[];
}

export interface FieldSecurityIR {
  /** A field path is visible iff it matches some grant pattern and no except pattern. */
  grant: Pattern[];
  except: Pattern[];
}

export type PermissionIR =
  | {
      kind: 'cluster';
      id: string;
      loc: SourceLoc;
      /** Listed privileges (already resolved aliases); a request for p is granted
       *  when some listed q has p ∈ implies(q). */
      privileges: string[];
    }
  | {
      kind: 'index';
      id: string;
      loc: SourceLoc;
      names: NameMatchIR;
      privileges: string[];
      /** Absent = all fields. Applies only to requests of type `field`. */
      fields?: FieldSecurityIR;
      /** Absent = all documents. Applies only to requests that *name a document*
       *  (type `document`, or type `field` with `attributes`); must be definitely true. */
      documents?: Cond;
    }
  | {
      kind: 'run_as';
      id: string;
      loc: SourceLoc;
      /** Usernames that may be impersonated (request type `user`, action `run_as`). */
      users: Pattern[];
    }
  | {
      kind: 'application';
      id: string;
      loc: SourceLoc;
      /** Application name pattern (request `resource.application`). */
      application: Pattern;
      /** Free-form privilege name patterns; matched against the request's action. */
      privileges: Pattern[];
      /** Resource patterns (request `resource.resource`). */
      resources: Pattern[];
    };

export interface RoleIR {
  name: string;
  builtin: boolean;
  /** Declaration site (`<builtin>` for built-ins). */
  loc: SourceLoc;
  /** Rule id of the declaration itself. */
  id: string;
  description?: string;
  metadata: Record<string, string | number | boolean>;
  /** Role-level guard: applies to this role's permissions and those it includes. */
  where?: Cond;
  /** Directly included roles (names; all exist; the include graph is acyclic). */
  includes: string[];
  /** This role's own permissions (not those of included roles). */
  permissions: PermissionIR[];
}

// ---------------------------------------------------------------------------
// How a principal comes to hold a role (unscoped; see cloud below for scoped)
//
// Besides the holders below, a principal holds every role named in the request's
// `principal.roles` that is a role of this policy set (user-defined or built-in stack
// role); unknown names are ignored. A *user* also holds, for stack requests whose
// `resource.deployment` is in scope of one of its cloud assignments, the cloud role's
// `signInRole` (organization scope = every deployment). Requests naming no deployment
// get no sign-in role. API keys never get a sign-in role.

export type RoleHolderIR =
  /** `user "NAME" roles …` / `api_key "ID" roles …`: principal.type and principal.id match. */
  | { kind: 'principal'; id: string; principalType: 'user' | 'api_key'; principalId: string }
  /** `group "NAME" roles …`: NAME ∈ principal.groups. */
  | { kind: 'group'; id: string; group: string }
  /** `mapping NAME { roles …; when COND }`: COND definitely true. */
  | { kind: 'mapping'; id: string; when: Cond };

export interface AssignmentIR {
  id: string;
  loc: SourceLoc;
  holder: RoleHolderIR;
  roles: string[];
}

// ---------------------------------------------------------------------------
// Denies

export type DenyTargetIR =
  /** Applies to request types index, document, field whose index matches. */
  | { kind: 'index'; names: NameMatchIR; privileges: string[] }
  | { kind: 'cluster'; privileges: string[] }
  | { kind: 'run_as'; users: Pattern[] }
  | { kind: 'application'; application: Pattern; privileges: Pattern[]; resources: Pattern[] }
  /** Cloud privileges on `organization` / `deployment` requests; `deployments` (patterns)
   *  restricts deployment-targeted requests; absent = every deployment. */
  | { kind: 'cloud'; privileges: string[]; deployments?: Pattern[] };

export interface DenyIR {
  name: string;
  id: string;
  loc: SourceLoc;
  target: DenyTargetIR;
  /**
   * For cluster/index/cloud targets: the privileges that this deny applies to, i.e.
   * { p | ∃ listed q: q implies p ∨ p implies q } — precomputed, sorted.
   */
  overlapping?: string[];
  /**
   * `when C` → fires when C is true or unknown; `unless C` → fires when C is false or
   * unknown; absent → always fires (on a matching request).
   */
  condition?: { mode: 'when' | 'unless'; cond: Cond };
  /** `for role R` (principal has R active) / `for user "x"` (type user, id x). */
  forRole?: string;
  forUser?: string;
}

// ---------------------------------------------------------------------------
// Assertions (checked by `rolec verify`; they change no decision)

export interface AssertIR {
  /** The string after `assert`. */
  name: string;
  id: string;
  loc: SourceLoc;
  quantifier: 'never' | 'always';
  /** Requests covered: the target's resource types and every privilege a listed one implies. */
  target: DenyTargetIR;
  /** Only principals with this role active / this user. */
  forRole?: string;
  forUser?: string;
  /** `never` only: principals with one of these roles active are exempt. */
  exempt: string[];
  /** Only requests on which this is definitely true. */
  when?: Cond;
}

// ---------------------------------------------------------------------------
// Elastic Cloud

export type CloudRoleName =
  | 'cloud.organization_owner'
  | 'cloud.billing_admin'
  | 'cloud.admin'
  | 'cloud.editor'
  | 'cloud.viewer';

export interface CloudRoleIR {
  name: CloudRoleName;
  /** Cloud privileges held on the organization resource (when scope permits). */
  organizationPrivileges: string[];
  /** Extra organization privileges held only when scoped to `all deployments`
   *  (cloud.admin → create_deployment). */
  organizationPrivilegesWhenAllDeployments: string[];
  /** Cloud privileges held on each deployment in scope. */
  deploymentPrivileges: string[];
  /** Stack role a *user* signs in as on deployments in scope (none for billing admin). */
  signInRole?: string;
  /** Scopes this role may be assigned on. */
  allowedScopes: ('organization' | 'all_deployments' | 'deployments')[];
}

export type CloudScopeIR =
  /** The whole organization: every deployment too (organization owner). */
  | { kind: 'organization' }
  | { kind: 'all_deployments' }
  | { kind: 'deployments'; names: string[] };

export interface CloudAssignmentIR {
  id: string;
  loc: SourceLoc;
  principalType: 'user' | 'api_key';
  principalId: string;
  role: CloudRoleName;
  scope: CloudScopeIR;
}

// ---------------------------------------------------------------------------
// The whole policy set

export interface PolicySetIR {
  irVersion: 1;
  /** Sorted list of source files (relative paths) and their sha256. */
  sources: { file: string; sha256: string }[];
  schema: SchemaIR;
  catalog: CatalogIR;
  /** User-defined roles and *all* built-in stack roles, sorted by name. */
  roles: RoleIR[];
  /** Static assignments and mappings, in source order (by file, then line). */
  assignments: AssignmentIR[];
  denies: DenyIR[];
  cloudRoles: CloudRoleIR[];
  cloudAssignments: CloudAssignmentIR[];
  /** Present only when the policy set declares some (sorted by file and line). */
  asserts?: AssertIR[];
}
