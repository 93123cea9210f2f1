/**
 * The generated Elasticsearch JSON, type-checked at compile time against the official
 * client's `estypes`: the files `rolec build --target elasticsearch` writes for
 * policies/es-interop are embedded in a TypeScript module as object literals
 * (`satisfies` — excess properties and wrong types are errors) and compiled with the
 * TypeScript compiler. A mutated descriptor must fail the same check.
 */
import { join } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { buildEs, irOfSet } from './roundtrip-helpers.ts';

const root = new URL('../../../', import.meta.url).pathname;

/** Type errors per case; all cases compile as one program (the client's types load once). */
function typeErrors(cases: Record<string, { roles: unknown; mappings: unknown }>): Record<string, string[]> {
  const files = new Map(
    Object.entries(cases).map(([name, c]) => [
      join(root, `test/interop/elasticsearch/__generated_es_check_${name}__.ts`),
      [
        "import type { estypes } from '@elastic/elasticsearch';",
        "type RoleBody = Omit<estypes.SecurityPutRoleRequest, 'name' | 'refresh' | 'body' | 'querystring'>;",
        `export const roles = ${JSON.stringify(c.roles, null, 2)} satisfies Record<string, RoleBody>;`,
        'export const descriptors = roles satisfies Record<string, estypes.SecurityRoleDescriptor>;',
        `export const mappings = ${JSON.stringify(c.mappings, null, 2)} satisfies Record<string, estypes.SecurityRoleMapping>;`,
      ].join('\n'),
    ]),
  );
  const options: ts.CompilerOptions = { strict: true, noEmit: true, target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext, skipLibCheck: true, types: [] };
  const host = ts.createCompilerHost(options);
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (name, lang, ...rest) => (files.has(name) ? ts.createSourceFile(name, files.get(name)!, lang) : getSourceFile(name, lang, ...rest));
  const fileExists = host.fileExists.bind(host);
  host.fileExists = (name) => files.has(name) || fileExists(name);
  const program = ts.createProgram([...files.keys()], options, host);
  const out: Record<string, string[]> = {};
  for (const [name, path] of Object.keys(cases).map((n) => [n, join(root, `test/interop/elasticsearch/__generated_es_check_${n}__.ts`)] as const))
    out[name] = ts.getPreEmitDiagnostics(program, program.getSourceFile(path)).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
  return out;
}

describe('generated Elasticsearch JSON satisfies @elastic/elasticsearch estypes', () => {
  it('roles.json and role_mappings.json of es-interop type-check', async () => {
    const files = buildEs(await irOfSet(join(root, 'policies/es-interop')));
    const roles = JSON.parse(files['elasticsearch/roles.json']!) as Record<string, Record<string, unknown>>;
    const mappings = JSON.parse(files['elasticsearch/role_mappings.json']!) as Record<string, unknown>;
    expect(Object.keys(roles).length).toBeGreaterThan(5);
    // The check can fail: a misspelt field, a privilege list given as a string, a mapping without `enabled`.
    const misspelt = structuredClone(roles);
    misspelt.es_monitoring!.clusters = misspelt.es_monitoring!.cluster;
    const stringPrivileges = structuredClone(roles);
    (stringPrivileges.es_ingest!.indices as { privileges: unknown }[])[0]!.privileges = 'create_doc';
    const noEnabled = structuredClone(mappings) as Record<string, Record<string, unknown>>;
    delete noEnabled[Object.keys(noEnabled)[0]!]!.enabled;
    const errors = typeErrors({
      generated: { roles, mappings },
      misspelt: { roles: misspelt, mappings },
      stringPrivileges: { roles: stringPrivileges, mappings },
      noEnabled: { roles, mappings: noEnabled },
    });
    expect(errors.generated).toEqual([]);
    expect(errors.misspelt!.join('\n')).toMatch(/clusters/);
    expect(errors.stringPrivileges!.length).toBeGreaterThan(0);
    expect(errors.noEnabled!.join('\n')).toMatch(/enabled/);
  }, 120_000);
});
