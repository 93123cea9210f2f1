/**
 * Generated documentation tables: the diagnostic codes (docs/diagnostics.md) and the
 * privilege catalog with the built-in and cloud roles (docs/privileges.md). Each lives
 * between `<!-- BEGIN GENERATED: name -->` / `<!-- END GENERATED: name -->` markers; tests
 * fail when a doc is out of sync. Regenerate with `npx tsx src/report/gen-docs.ts`.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { allCodes } from './codes.ts';
import { loadCatalog } from '../semantics/catalog/index.ts';
import type { PrivilegeFamily } from '../semantics/ir.ts';

export function codesTable(): string {
  const rows = allCodes().map((c) => `| \`${c.code}\` | ${c.severity} | ${c.stage} | ${c.title.replace(/\|/g, '\\|')} |`);
  return ['| code | severity | stage | meaning |', '|---|---|---|---|', ...rows].join('\n');
}

export function privilegesTables(): string {
  const cat = loadCatalog();
  const out: string[] = [`Catalog version: \`${cat.ir.version}\`.`, ''];
  for (const family of ['cluster', 'index', 'cloud'] as PrivilegeFamily[]) {
    out.push(`### ${family} privileges`, '');
    const cloud = family === 'cloud';
    out.push(cloud ? '| privilege | target | directly implies | implies (transitively) |' : '| privilege | directly implies | implies (transitively) |');
    out.push(cloud ? '|---|---|---|---|' : '|---|---|---|');
    for (const p of cat.direct[family]) {
      const all = cat.closure(family, p.name).filter((q) => q !== p.name);
      const fmt = (xs: readonly string[]) => (xs.length ? xs.map((x) => `\`${x}\``).join(', ') : '—');
      const target = cloud ? ` ${p.target} |` : '';
      out.push(`| \`${p.name}\` |${target} ${fmt(p.implies)} | ${fmt(all)} |`);
    }
    const aliases = Object.entries(cat.aliases[family]);
    if (aliases.length) out.push('', `Aliases: ${aliases.map(([a, t]) => `\`${a}\` = \`${t}\``).join(', ')}.`);
    out.push('');
  }
  out.push('### Built-in stack roles', '', '| role | cluster | indices | run_as | applications |', '|---|---|---|---|---|');
  for (const r of cat.builtinRoles) {
    const ix = r.indices.map((i) => `${i.names.map((n) => `\`${n}\``).join(', ')}${i.except.length ? ` except ${i.except.map((n) => `\`${n}\``).join(', ')}` : ''}: ${i.privileges.join(', ')}`);
    const apps = r.applications.map((a) => `\`${a.application}\` ${a.privileges.join(', ')} on ${a.resources.map((x) => `\`${x}\``).join(', ')}`);
    out.push(`| \`${r.name}\` | ${r.cluster.join(', ') || '—'} | ${ix.join('; ') || '—'} | ${r.run_as.map((x) => `\`${x}\``).join(', ') || '—'} | ${apps.join('; ') || '—'} |`);
  }
  out.push('', '### Elastic Cloud roles', '', '| role | scopes | organization privileges | deployment privileges | signs in as |', '|---|---|---|---|---|');
  for (const r of cat.cloudRoles) {
    const org = [...r.organizationPrivileges, ...r.organizationPrivilegesWhenAllDeployments.map((p) => `${p} (all deployments only)`)];
    out.push(`| \`${r.name}\` | ${r.allowedScopes.join(', ')} | ${org.join(', ') || '—'} | ${r.deploymentPrivileges.join(', ') || '—'} | ${r.signInRole ?? '—'} |`);
  }
  return out.join('\n');
}

export const GENERATED: Record<string, { file: string; content: () => string }> = {
  codes: { file: 'docs/diagnostics.md', content: codesTable },
  privileges: { file: 'docs/privileges.md', content: privilegesTables },
};

/** Replaces the text between a section's markers. */
export function withSection(doc: string, name: string, content: string): string {
  const begin = `<!-- BEGIN GENERATED: ${name} -->`;
  const end = `<!-- END GENERATED: ${name} -->`;
  const i = doc.indexOf(begin);
  const j = doc.indexOf(end);
  if (i < 0 || j < i) throw new Error(`missing ${begin} … ${end} markers`);
  return `${doc.slice(0, i + begin.length)}\n${content}\n${doc.slice(j)}`;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const root = new URL('../../', import.meta.url);
  for (const [name, g] of Object.entries(GENERATED)) {
    const file = new URL(g.file, root);
    writeFileSync(file, withSection(readFileSync(file, 'utf8'), name, g.content()));
    console.log(`updated ${g.file} (${name})`);
  }
}
