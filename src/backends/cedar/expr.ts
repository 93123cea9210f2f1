/**
 * A tiny Cedar boolean-expression builder with constant folding. Conditions are built as
 * text, but `true`/`false` are kept symbolic so that guards known statically (an
 * attribute that a resource type never has, a required one it always has) fold away and
 * no access to an attribute that cannot exist is ever emitted.
 */
export type CedarBool = { kind: 'const'; value: boolean } | { kind: 'text'; text: string; atomic: boolean };

export const TRUE: CedarBool = { kind: 'const', value: true };
export const FALSE: CedarBool = { kind: 'const', value: false };

/** Folded to `false`: a policy with this condition can never apply (it is dropped). */
export function isFalse(e: CedarBool): boolean {
  return e.kind === 'const' && !e.value;
}

/** An expression that needs no parentheses as an operand of `&&`, `||`, `!`. */
export function atom(text: string): CedarBool {
  return { kind: 'text', text, atomic: true };
}

/** A compound expression (comparison, `like`, `has`, `in`…): parenthesised when nested. */
export function compound(text: string): CedarBool {
  return { kind: 'text', text, atomic: false };
}

function operand(e: CedarBool): string {
  if (e.kind === 'const') return String(e.value);
  return e.atomic ? e.text : `(${e.text})`;
}

function join(op: '&&' | '||', args: CedarBool[]): CedarBool {
  const unit = op === '&&';
  let first: CedarBool | undefined;
  let text = '';
  let count = 0;
  for (const a of args) {
    if (a.kind === 'const') {
      if (a.value === unit) continue;
      return { kind: 'const', value: !unit };
    }
    // Concatenated, not Array.join: join copies the operands' text at every level of
    // nesting, concatenation defers the copy to the one when the policy is rendered.
    text = count === 0 ? operand(a) : `${text} ${op} ${operand(a)}`;
    first ??= a;
    count++;
  }
  if (count === 0) return { kind: 'const', value: unit };
  if (count === 1) return first!;
  return compound(text);
}

export function and(...args: CedarBool[]): CedarBool {
  return join('&&', args);
}

export function or(...args: CedarBool[]): CedarBool {
  return join('||', args);
}

export function not(e: CedarBool): CedarBool {
  if (e.kind === 'const') return { kind: 'const', value: !e.value };
  return atom(`!${operand(e)}`);
}

/** The expression as a standalone Cedar condition. */
export function render(e: CedarBool): string {
  return e.kind === 'const' ? String(e.value) : e.text;
}
