/**
 * What the package needs at run time is exactly what lib/ imports: every bare import in
 * lib/ is a declared dependency (or a Node built-in), and every dependency is imported.
 * And the environment-neutral modules (`rolec/runtime`, lib/compiler.js) reach no Node
 * built-in through their whole import graph.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const repo = new URL('../../', import.meta.url).pathname;
const lib = join(repo, 'lib');
const pkg = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };

const IMPORT = /(?:^|[\s;])(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|(?:^|[\s;])import\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/gm;

function specifiers(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(IMPORT)].map((m) => (m[1] ?? m[2] ?? m[3])!);
}

function jsFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.js')).map((f) => join(dir, f));
}

const packageOf = (spec: string) => (spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]!);
const isBuiltin = (spec: string) => spec.startsWith('node:') || builtinModules.includes(spec);

describe('lib/ imports and package.json dependencies', () => {
  it('every bare import is a dependency, and every dependency is imported', () => {
    const used = new Set<string>();
    for (const file of jsFiles(lib)) {
      for (const spec of specifiers(file)) if (!spec.startsWith('.') && !isBuiltin(spec)) used.add(packageOf(spec));
    }
    expect([...used].sort()).toEqual(Object.keys(pkg.dependencies).sort());
  });

  for (const entry of ['runtime/index.js', 'compiler.js'])
  it(`lib/${entry} reaches no Node built-in`, () => {
    const seen = new Set<string>();
    const builtins: string[] = [];
    const visit = (file: string) => {
      if (seen.has(file)) return;
      seen.add(file);
      for (const spec of specifiers(file)) {
        if (isBuiltin(spec)) builtins.push(`${file.slice(lib.length + 1)} → ${spec}`);
        else if (spec.startsWith('.')) visit(resolve(dirname(file), spec));
      }
    };
    visit(join(lib, entry));
    expect(seen.size).toBeGreaterThan(10);
    expect(builtins).toEqual([]);
  });
});
