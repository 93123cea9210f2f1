/** Resolving privilege names against the catalog: unknown names, wrong family, aliases. */
import type { PrivilegeFamily } from './ir.ts';
import type { Catalog } from './catalog/index.ts';
import { didYouMean, type Reporter } from './report.ts';
import type { Privilege } from '../syntax/ast.ts';

/** Resolves each listed privilege (aliases → canonical names), reporting unknown ones and
 *  ones of another family; duplicates warn. Returns canonical names in source order. */
export function checkPrivileges(
  family: PrivilegeFamily,
  privs: readonly Privilege[] | undefined,
  catalog: Catalog,
  r: Reporter,
): string[] {
  const out: string[] = [];
  for (const p of privs ?? []) {
    const name = catalog.resolve(family, p.text);
    if (name === undefined) {
      const others = catalog.familiesOf(p.text);
      if (others.length > 0)
        r.error('E0302', p.span, `\`${p.text}\` is ${article(others[0]!)} ${others.join('/')} privilege, not ${article(family)} ${family} privilege`);
      else
        r.error(
          'E0301',
          p.span,
          `unknown ${family} privilege \`${p.text}\`${didYouMean(p.text, catalog.ir[family].map((x) => x.name))}`,
        );
      continue;
    }
    if (out.includes(name)) {
      r.warn('W0202', p.span, `privilege \`${p.text}\` is listed twice`);
      continue;
    }
    out.push(name);
  }
  if (out.includes('none') && out.length > 1) {
    const at = privs!.find((p) => p.text === 'none')!;
    r.warn('W0203', at.span, '`none` grants nothing; listed with other privileges it has no effect');
  }
  // Exact length: the IR lives through the whole build, a grown array keeps 16+ spare slots.
  return out.slice();
}

/** { p | ∃ listed q: q implies p ∨ p implies q } — what a deny on `listed` applies to. */
export function overlapping(family: PrivilegeFamily, listed: string[], catalog: Catalog): string[] {
  const out = new Set<string>();
  for (const entry of catalog.ir[family]) {
    for (const q of listed) {
      if (catalog.closure(family, q).includes(entry.name) || entry.implies.includes(q)) out.add(entry.name);
    }
  }
  return [...out].sort();
}

/** `a` or `an` before a family name (an index privilege, a cluster privilege). */
function article(word: string): string {
  return /^[aeiou]/.test(word) ? 'an' : 'a';
}
