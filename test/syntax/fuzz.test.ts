/**
 * Property-based robustness: random token soups and random mutations of realistic
 * `.role` text (the language.md reference example and the repository's policies/**).
 * The parser — and the full checker (parse + analyse) — never throws, never hangs, never
 * reports an internal error (E0100), and every diagnostic and AST span has a valid
 * position (1 ≤ line ≤ lines, col within the line, offset consistent with line:col).
 * Fixed seeds: failures are reproducible.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkSources } from '../../src/semantics/index.ts';
import { parseRoleFile } from '../../src/syntax/index.ts';
import { REFERENCE_EXAMPLE, roleFiles } from './helpers.ts';
import { allSpans, checkSpan, lineStarts } from './positions.ts';

const POLICIES = path.resolve(import.meta.dirname, '../../policies');


const SEEDS = [REFERENCE_EXAMPLE, ...roleFiles(POLICIES).map((f) => readFileSync(f, 'utf8'))];

/** Rough token split for mutations (the parser's own lexer would bias the fuzzing). */
function roughTokens(text: string): string[] {
  return text.match(/"(?:[^"\\\n]|\\.)*"?|\/\/[^\n]*|\/\*|\*\/|[A-Za-z_][A-Za-z0-9_]*|-?\d+|==|!=|<=|>=|&&|\|\||\s+|./g) ?? [];
}

const VOCABULARY = [
  'schema', 'role', 'includes', 'description', 'metadata', 'where', 'cluster', 'index', 'except', 'privileges',
  'fields', 'grant', 'documents', 'run_as', 'application', 'resources', 'deny', 'for', 'when', 'unless', 'cloud',
  'on', 'deployment', 'deployments', 'organization', 'all', 'user', 'api_key', 'group', 'roles', 'mapping', 'assign',
  'has', 'in', 'like', 'true', 'false', 'ip', 'contains', 'isEmpty', 'String', 'Set', 'Long', 'x', 'user.a',
  '"s"', '"a*"', '"\\u00e9"', '"\\q"', '"open', '0', '-1', '99999999999999999999', '{', '}', '(', ')', '[', ']',
  ',', ';', ':', '.', '?', '<', '>', '==', '!=', '<=', '>=', '&&', '||', '!', '=', '@', '/*', '*/', '//', '\n',
  '\r\n', '\r', '\t', '\u00e9', '\uFEFF',
];

const tokenSoup = fc
  .array(fc.tuple(fc.constantFrom(...VOCABULARY), fc.constantFrom(' ', '', '\n', '  ')), { maxLength: 120 })
  .map((parts) => parts.map(([t, sep]) => t + sep).join(''));

type Mutation =
  | { op: 'deleteToken' | 'duplicateToken'; at: number }
  | { op: 'swapTokens'; at: number; with: number }
  | { op: 'deleteChars'; at: number; len: number }
  | { op: 'insertChar'; at: number; ch: string };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ op: fc.constantFrom('deleteToken' as const, 'duplicateToken' as const), at: fc.nat() }),
  fc.record({ op: fc.constant('swapTokens' as const), at: fc.nat(), with: fc.nat() }),
  fc.record({ op: fc.constant('deleteChars' as const), at: fc.nat(), len: fc.integer({ min: 1, max: 20 }) }),
  fc.record({ op: fc.constant('insertChar' as const), at: fc.nat(), ch: fc.constantFrom(...'{}()[]",.;:!&|=<>?/*\\\n\r -x0') }),
);

function mutate(seed: string, ms: Mutation[]): string {
  let toks = roughTokens(seed);
  for (const m of ms) {
    if (toks.length === 0) break;
    const i = m.at % toks.length;
    switch (m.op) {
      case 'deleteToken':
        toks.splice(i, 1);
        break;
      case 'duplicateToken':
        toks.splice(i, 0, toks[i]!);
        break;
      case 'swapTokens': {
        const j = m.with % toks.length;
        [toks[i], toks[j]] = [toks[j]!, toks[i]!];
        break;
      }
      case 'deleteChars':
      case 'insertChar': {
        const text = toks.join('');
        const at = m.at % (text.length + 1);
        toks = roughTokens(m.op === 'deleteChars' ? text.slice(0, at) + text.slice(at + m.len) : text.slice(0, at) + m.ch + text.slice(at));
        break;
      }
    }
  }
  return toks.join('');
}

const mutatedSeed = fc
  .tuple(fc.integer({ min: 0, max: SEEDS.length - 1 }), fc.array(mutation, { minLength: 1, maxLength: 8 }))
  .map(([s, ms]) => mutate(SEEDS[s]!, ms));

/** Asserts the parser's contract on one input. */
function checkParse(text: string): void {
  const t0 = performance.now();
  const { ast, diagnostics } = parseRoleFile('fuzz.role', text);
  expect(performance.now() - t0, 'parse time (ms)').toBeLessThan(2000);
  const starts = lineStarts(text);
  for (const d of diagnostics) {
    expect(d.code).not.toBe('E0100');
    expect(d.code).toMatch(/^E01\d\d$/);
    expect(checkSpan(text, starts, 'fuzz.role', d.span), `${d.code} ${d.message}`).toBeUndefined();
  }
  for (const s of allSpans(ast.declarations)) expect(checkSpan(text, starts, 'fuzz.role', s)).toBeUndefined();
}

/** Asserts the full checker's contract on a policy set of two files. */
function checkCheck(files: { path: string; text: string }[]): void {
  const t0 = performance.now();
  const result = checkSources(files);
  expect(performance.now() - t0, 'check time (ms)').toBeLessThan(5000);
  for (const d of result.diagnostics) {
    const f = files.find((x) => x.path === d.span.file);
    expect(f, `diagnostic ${d.code} names an unknown file ${d.span.file}`).toBeDefined();
    expect(d.code).not.toBe('E0100');
    expect(checkSpan(f!.text, lineStarts(f!.text), f!.path, d.span), `${d.code} ${d.message}`).toBeUndefined();
  }
  if (result.diagnostics.some((d) => d.severity === 'error')) expect(result.ir).toBeUndefined();
}

describe('fuzz: parser', () => {
  it('the reference example seed parses cleanly (policies/ files are used as seeds as they are)', () => {
    expect(parseRoleFile('seed.role', REFERENCE_EXAMPLE).diagnostics).toEqual([]);
  });

  it('survives random token soups (800 cases)', () => {
    fc.assert(fc.property(tokenSoup, (text) => checkParse(text)), { seed: 20261122, numRuns: 800 });
  });

  it('survives random mutations of realistic files (1000 cases)', () => {
    fc.assert(fc.property(mutatedSeed, (text) => checkParse(text)), { seed: 4242, numRuns: 1000 });
  });

  it('survives arbitrary unicode strings (300 cases)', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (text) => checkParse(text)), { seed: 7, numRuns: 300 });
  });
});

describe('fuzz: full checker (parse + analyse)', () => {
  it('survives mutations of realistic multi-file policy sets (300 cases)', () => {
    fc.assert(
      fc.property(mutatedSeed, fc.integer({ min: 0, max: SEEDS.length - 1 }), (text, other) =>
        checkCheck([
          { path: 'a.role', text },
          { path: 'b.role', text: SEEDS[other]! },
        ]),
      ),
      { seed: 99, numRuns: 300 },
    );
  });
});
