/** DSL-like text of IR conditions, for the comments above generated Rego rules. */
import type { Cond, ValueExpr } from '../../semantics/ir.ts';

export function valueText(e: ValueExpr): string {
  switch (e.kind) {
    case 'string':
      return JSON.stringify(e.value);
    case 'long':
    case 'bool':
      return String(e.value);
    case 'set':
      return `[${e.values.map((v) => (typeof v === 'string' ? JSON.stringify(v) : String(v))).join(', ')}]`;
    case 'ip':
      return `ip(${JSON.stringify(e.cidr)})`;
    case 'attr':
      return `${e.scope}.${e.name}`;
    case 'prop':
      return e.prop;
  }
}

/** The condition in the `.role` language's concrete syntax (fully parenthesised). */
export function condText(c: Cond): string {
  switch (c.kind) {
    case 'const':
      return String(c.value);
    case 'truthy':
      return valueText(c.expr);
    case 'compare':
      return `${valueText(c.left)} ${c.op} ${valueText(c.right)}`;
    case 'in':
      return `${valueText(c.elem)} in ${valueText(c.set)}`;
    case 'setop':
      return `${valueText(c.set)}.${c.op}(${valueText(c.arg)})`;
    case 'isEmpty':
      return `${valueText(c.set)}.isEmpty()`;
    case 'like':
      return `${valueText(c.expr)} like ${JSON.stringify(c.pattern)}`;
    case 'has':
      return `has ${valueText(c.operand)}`;
    case 'isInRange':
      return `${valueText(c.expr)}.isInRange(${valueText(c.range)})`;
    case 'and':
      return c.args.map(paren).join(' && ');
    case 'or':
      return c.args.map(paren).join(' || ');
    case 'not':
      return `!${['const', 'truthy', 'has', 'setop', 'isEmpty', 'isInRange'].includes(c.arg.kind) ? condText(c.arg) : `(${condText(c.arg)})`}`;
  }
}

function paren(c: Cond): string {
  return c.kind === 'and' || c.kind === 'or' ? `(${condText(c)})` : condText(c);
}
