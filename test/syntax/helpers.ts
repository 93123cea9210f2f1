import { parseRoleFile, type Declaration, type Expr } from '../../src/syntax/index.ts';

/** Every `.role` file under a directory, recursively, sorted (the language server's walker). */
export { roleFilesUnder as roleFiles } from '../../src/lsp/workspace.ts';

/** Drops spans (keys `span`, `*Span`) so tests can compare shapes. */
export function strip<T>(value: T): T {
  return JSON.parse(JSON.stringify(value, (k, v) => (k === 'span' || k.endsWith('Span') ? undefined : v)));
}

/** Parses text that must be valid; returns the declarations without spans. */
export function decls(text: string): Declaration[] {
  const { ast, diagnostics } = parseRoleFile('t.role', text);
  if (diagnostics.length > 0) throw new Error('unexpected diagnostics: ' + diagnostics.map((d) => `${d.code} ${d.span.start.line}:${d.span.start.col} ${d.message}`).join('; '));
  return strip(ast.declarations);
}

/** Parses `role r { where COND }` and returns COND without spans. */
export function cond(text: string): Expr {
  const [role] = decls(`role r { where ${text} }`);
  if (role?.kind !== 'role' || role.clauses[0]?.kind !== 'where') throw new Error('no where clause');
  return role.clauses[0].cond;
}

/** Compact S-expression of a condition, for precedence assertions. */
export function sexpr(e: Expr): string {
  switch (e.kind) {
    case 'path':
      return e.segments.map((s) => s.text).join('.');
    case 'string':
      return JSON.stringify(e.value);
    case 'int':
      return e.text;
    case 'bool':
      return String(e.value);
    case 'set':
      return `[${e.elements.map(sexpr).join(' ')}]`;
    case 'ip':
      return `(ip ${JSON.stringify(e.arg.value)})`;
    case 'call':
      return `(.${e.method} ${[e.receiver, ...e.args].map(sexpr).join(' ')})`;
    case 'compare':
      return `(${e.op} ${sexpr(e.left)} ${sexpr(e.right)})`;
    case 'in':
      return `(in ${sexpr(e.elem)} ${sexpr(e.set)})`;
    case 'like':
      return `(like ${sexpr(e.expr)} ${JSON.stringify(e.pattern.value)})`;
    case 'has':
      return `(has ${sexpr(e.operand)})`;
    case 'and':
      return `(&& ${e.args.map(sexpr).join(' ')})`;
    case 'or':
      return `(|| ${e.args.map(sexpr).join(' ')})`;
    case 'not':
      return `(! ${sexpr(e.arg)})`;
    case 'error':
      return '<error>';
  }
}

/** The reference example of language.md §1 (kept verbatim as a parser fixture). */
export const REFERENCE_EXAMPLE = `// policies/observability.role

schema {
  user {
    department: String
    clearance: Long
    security_attributes: Set<String>
    email?: String                      // \`?\` marks an optional attribute
  }
  document {
    department: String
    classification: Long
    security_attributes: Set<String>
    owner?: String
  }
  context {
    mfa: Bool
    source_ip: IpAddr
  }
}

role monitoring {
  description "Read-only cluster monitoring"
  cluster monitor
}

role logs_reader {
  cluster monitor
  index "logs-*", "metrics-*" {
    privileges read, view_index_metadata
    fields grant "*" except "user.ssn", "credit_card.*"
    documents where document.department == user.department
  }
}

// ABAC as in Elastic's attribute-based access control: a user may read a document
// only if they hold every security attribute the document requires.
role secret_reader {
  index "secrets-*" {
    privileges read
    documents where user.security_attributes.containsAll(document.security_attributes)
  }
}

role support {
  run_as "svc-*", "john"
  application "kibana-.kibana" {
    privileges "feature_discover.read", "feature_dashboard.read"
    resources "space:marketing"
  }
}

role analyst includes logs_reader, secret_reader {
  index "analytics-*" { privileges read, write }
}

// A deny overrides every grant, for every role.
deny prod_writes_need_mfa {
  index "prod-*" privileges write, delete
  unless context.mfa
}

user "jane" roles analyst, support
api_key "ci-pipeline" roles logs_reader
group "cn=sre,ou=groups,dc=acme" roles monitoring, logs_reader

mapping ldap_admins {
  roles superuser
  when principal.realm == "ldap1" && "cn=admins,dc=acme" in principal.groups
}

// Elastic Cloud: organization-level roles and scoped assignment (see section 6).
assign user "jane" cloud.admin on deployment "prod-eu"
assign user "finance@acme.io" cloud.billing_admin on organization
assign api_key "terraform" cloud.editor on all deployments
`;
