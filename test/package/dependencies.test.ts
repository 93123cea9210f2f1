/**
 * What the package needs at run time is exactly what lib/ imports: every bare import in
 * lib/ is a declared dependency (or a Node built-in), and every dependency is imported.
 * And the environment-neutral modules (`rolec/runtime`, lib/compiler.js) reach no Node
 * built-in through their whole import graph.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtinsReachable, importsOf, isBuiltin } from '../support/imports.ts';

const repo = new URL('../../', import.meta.url).pathname;
const lib = join(repo, 'lib');
const pkg = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };

function jsFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.js')).map((f) => join(dir, f));
}

const packageOf = (spec: string) => (spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]!);

describe('lib/ imports and package.json dependencies', () => {
  it('every bare import is a dependency, and every dependency is imported', () => {
    const used = new Set<string>();
    for (const file of jsFiles(lib)) {
      for (const spec of importsOf(file)) if (!spec.startsWith('.') && !isBuiltin(spec)) used.add(packageOf(spec));
    }
    expect([...used].sort()).toEqual(Object.keys(pkg.dependencies).sort());
  });

  for (const entry of ['runtime/index.js', 'compiler.js'])
  it(`lib/${entry} reaches no Node built-in`, () => {
    const { builtins, seen } = builtinsReachable(join(lib, entry), lib);
    expect(seen).toBeGreaterThan(10);
    expect(builtins).toEqual([]);
  });
});
