/**
 * Highlighting of the read-only output panes: the generated Cedar and Rego (small
 * stream modes: keywords, strings, numbers, comments) and JSON (CodeMirror's own).
 */
import { json } from '@codemirror/lang-json';
import { HighlightStyle, StreamLanguage, syntaxHighlighting, type StringStream } from '@codemirror/language';
import type { Extension } from '@codemirror/state';
import { tags } from '@lezer/highlight';

function streamMode(name: string, keywords: readonly string[], comment: RegExp) {
  const words = new Set(keywords);
  return StreamLanguage.define<null>({
    name,
    startState: () => null,
    token(stream: StringStream) {
      if (stream.eatSpace()) return null;
      if (stream.match(comment)) {
        stream.skipToEnd();
        return 'comment';
      }
      if (stream.match(/^"(?:[^"\\]|\\.)*"?/) || stream.match(/^`[^`]*`?/)) return 'string';
      if (stream.match(/^-?\d+(\.\d+)?/)) return 'number';
      if (stream.match(/^[A-Za-z_][A-Za-z0-9_]*/)) return words.has(stream.current()) ? 'keyword' : 'variableName';
      stream.next();
      return 'punctuation';
    },
  });
}

const CEDAR = streamMode(
  'cedar',
  ['permit', 'forbid', 'when', 'unless', 'principal', 'action', 'resource', 'context', 'in', 'has', 'like', 'is', 'if', 'then', 'else', 'true', 'false'],
  /^\/\//,
);
const REGO = streamMode(
  'rego',
  ['package', 'import', 'default', 'if', 'contains', 'some', 'every', 'in', 'not', 'with', 'else', 'as', 'true', 'false', 'null'],
  /^#/,
);

export const outputHighlight = syntaxHighlighting(
  HighlightStyle.define([
    { tag: tags.keyword, class: 'tok-keyword' },
    { tag: tags.string, class: 'tok-string' },
    { tag: tags.number, class: 'tok-number' },
    { tag: tags.comment, class: 'tok-comment' },
    { tag: tags.propertyName, class: 'tok-name' },
    { tag: [tags.bool, tags.null], class: 'tok-keyword' },
  ]),
);

export function outputLanguage(path: string): Extension {
  if (path.endsWith('.cedar')) return CEDAR;
  if (path.endsWith('.rego')) return REGO;
  return json();
}
