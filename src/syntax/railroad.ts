/**
 * Railroad (syntax) diagrams of the grammar, generated from the parser itself so that
 * they cannot drift from it: grammar/railroad.html is this function's output, written
 * by scripts/gen-grammar.ts and checked for staleness by test/syntax/grammar.test.ts.
 */
import { createSyntaxDiagramsCode } from 'chevrotain';
import { serializedGrammar } from './parser.ts';

export function railroadHtml(): string {
  return createSyntaxDiagramsCode(serializedGrammar());
}
