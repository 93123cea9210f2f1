/**
 * The pipeline's shape, enforced: a stage imports only itself and earlier stages, and the
 * environment-neutral entries (`rolec/runtime`, src/compiler.ts) reach no Node built-in
 * through their whole source import graph.
 */
import { readdirSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtinsReachable, importsOf } from './support/imports.ts';

const src = new URL('../src/', import.meta.url).pathname;

/** Stage order (README's tour); leaves shared by all stages come first. */
const STAGES = ['diagnostics', 'support', 'syntax', 'semantics', 'interop', 'report', 'request', 'backends', 'regowasm', 'bundle', 'engines', 'harness', 'verify', 'runtime', '(entry)', 'lsp', 'cli'];
const stageOf = (file: string) => {
  const rel = relative(src, file);
  return rel.includes('/') ? rel.split('/')[0]! : '(entry)';
};

const tsFiles = readdirSync(src, { recursive: true, encoding: 'utf8' })
  .filter((f) => f.endsWith('.ts') && !f.startsWith('regowasm/vm/'))
  .map((f) => join(src, f));

describe('architecture', () => {
  it('knows every stage folder', () => {
    expect([...new Set(tsFiles.map(stageOf))].filter((s) => !STAGES.includes(s))).toEqual([]);
  });

  it('no stage imports a later one', () => {
    const backwards: string[] = [];
    for (const file of tsFiles) {
      for (const spec of importsOf(file)) {
        if (!spec.startsWith('.')) continue;
        const target = resolve(dirname(file), spec);
        if (STAGES.indexOf(stageOf(target)) > STAGES.indexOf(stageOf(file))) backwards.push(`${relative(src, file)} → ${relative(src, target)}`);
      }
    }
    expect(backwards).toEqual([]);
  });

  for (const entry of ['runtime/index.ts', 'compiler.ts']) {
    it(`${entry} reaches no Node built-in`, () => {
      const { builtins } = builtinsReachable(join(src, entry), src);
      expect(builtins).toEqual([]);
    });
  }
});
