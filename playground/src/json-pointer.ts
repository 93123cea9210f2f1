/**
 * JSON pointer → text range in the request editor, through CodeMirror's JSON syntax tree,
 * so a schema problem (`/principal/attributes/level: must be integer`) is marked where
 * it is. A pointer into something absent marks the nearest enclosing value.
 */
import { syntaxTree } from '@codemirror/language';
import type { EditorState } from '@codemirror/state';
import type { SyntaxNode } from '@lezer/common';

function unescape(segment: string): string {
  return segment.replace(/~1/g, '/').replace(/~0/g, '~');
}

function childValue(state: EditorState, node: SyntaxNode, key: string): SyntaxNode | undefined {
  if (node.name === 'Object') {
    for (let p = node.firstChild; p; p = p.nextSibling) {
      if (p.name !== 'Property') continue;
      const name = p.getChild('PropertyName');
      if (!name) continue;
      let text: string;
      try {
        text = JSON.parse(state.sliceDoc(name.from, name.to)) as string;
      } catch {
        continue;
      }
      if (text === key) return name.nextSibling ?? undefined;
    }
  } else if (node.name === 'Array') {
    const index = Number(key);
    let i = 0;
    for (let c = node.firstChild; c; c = c.nextSibling) {
      if (c.name === '[' || c.name === ']' || c.name === ',' || c.type.isError) continue;
      if (i++ === index) return c;
    }
  }
  return undefined;
}

export function pointerRange(state: EditorState, pointer: string): { from: number; to: number } {
  const top = syntaxTree(state).topNode;
  let node: SyntaxNode | null = top.firstChild;
  if (!node) return { from: 0, to: state.doc.length };
  const segments = pointer === '' ? [] : pointer.split('/').slice(1).map(unescape);
  for (const seg of segments) {
    const next = childValue(state, node, seg);
    if (!next) break;
    node = next;
  }
  return { from: node.from, to: node.to };
}
