/**
 * Test helper: the import specifiers of a JS/TS module read as text, and the Node
 * built-ins a module reaches through its relative imports. Shared by the architecture
 * test (over src/) and the package test (over the compiled lib/).
 */
import { readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, relative, resolve } from 'node:path';

const IMPORT = /(?:^|[\s;])(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|(?:^|[\s;])import\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/gm;

export function importsOf(file: string): string[] {
  return [...readFileSync(file, 'utf8').matchAll(IMPORT)].map((m) => (m[1] ?? m[2] ?? m[3])!);
}

export const isBuiltin = (spec: string) => spec.startsWith('node:') || builtinModules.includes(spec);

/** Every `file → built-in` edge reachable from `entry` (JSON modules are not followed); `seen` counts the modules walked. */
export function builtinsReachable(entry: string, root: string): { builtins: string[]; seen: number } {
  const seen = new Set<string>();
  const builtins: string[] = [];
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const spec of importsOf(file)) {
      if (isBuiltin(spec)) builtins.push(`${relative(root, file)} → ${spec}`);
      else if (spec.startsWith('.') && !spec.endsWith('.json')) visit(resolve(dirname(file), spec));
    }
  };
  visit(entry);
  return { builtins, seen: seen.size };
}
