/**
 * AST → Rego v1 text. Binary operators are fully parenthesised so the output shows exactly
 * how the parser grouped an expression; used for round-trip tests, debugging, and error
 * messages. print(parse(print(parse(x)))) === print(parse(x)) for every accepted module.
 */
import type { Body, Literal, RegoModule, Rule, Term, WithModifier } from './ast.ts';

export function printModule(m: RegoModule): string {
  const lines = [`package ${m.package.path.map(pathSegment).join('').replace(/^\./, '')}`];
  for (const imp of m.imports) lines.push(`import ${imp.path.join('.')}${imp.alias ? ` as ${imp.alias}` : ''}`);
  for (const r of m.rules) lines.push(printRule(r));
  return lines.join('\n') + '\n';
}

function pathSegment(s: string): string {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(s) ? `.${s}` : `[${JSON.stringify(s)}]`;
}

export function printRule(r: Rule): string {
  const h = r.head;
  let text = r.default ? 'default ' : '';
  text += printTerm(h.ref);
  if (h.args) text += `(${h.args.map(printTerm).join(', ')})`;
  if (h.ruleKind === 'partialSet') text += ` contains ${printTerm(h.key!)}`;
  if (h.value) text += ` ${h.assign} ${printTerm(h.value)}`;
  text += printRuleBody(r.body);
  for (const e of r.else) {
    text += ' else';
    if (e.value) text += ` ${e.assign} ${printTerm(e.value)}`;
    text += printRuleBody(e.body);
  }
  return text;
}

function printRuleBody(body: Body): string {
  return body.length === 0 ? '' : ` if ${printBody(body)}`;
}

export function printBody(body: Body): string {
  return `{ ${body.map(printLiteral).join('; ')} }`;
}

export function printLiteral(l: Literal): string {
  switch (l.kind) {
    case 'some':
      return `some ${l.vars.map(printTerm).join(', ')}`;
    case 'someIn':
      return `some ${l.key ? `${printTerm(l.key)}, ` : ''}${printTerm(l.value)} in ${printTerm(l.domain)}${printWith(l.with)}`;
    case 'every':
      return `every ${l.key ? `${printTerm(l.key)}, ` : ''}${printTerm(l.value)} in ${printTerm(l.domain)} ${printBody(l.body)}${printWith(l.with)}`;
    case 'expr': {
      const e = l.expr;
      // Top-level `=`/`:=` are written without parentheses (they cannot be nested).
      const text = e.kind === 'binary' && (e.op === '=' || e.op === ':=') ? `${printTerm(e.left)} ${e.op} ${printTerm(e.right)}` : printTerm(e);
      return `${l.negated ? 'not ' : ''}${text}${printWith(l.with)}`;
    }
  }
}

function printWith(mods: WithModifier[]): string {
  return mods.map((m) => ` with ${printTerm(m.target)} as ${printTerm(m.value)}`).join('');
}

export function printTerm(t: Term): string {
  switch (t.kind) {
    case 'null':
      return 'null';
    case 'boolean':
      return String(t.value);
    case 'number':
      return t.text;
    case 'string':
      return JSON.stringify(t.value);
    case 'var':
      return t.name;
    case 'ref':
      return printTerm(t.head) + t.path.map((s) => (s.kind === 'string' && /^[A-Za-z_][A-Za-z0-9_]*$/.test(s.value) ? `.${s.value}` : `[${printTerm(s)}]`)).join('');
    case 'array':
      return `[${t.items.map(printTerm).join(', ')}]`;
    case 'set':
      return t.items.length === 0 ? 'set()' : `{${t.items.map(printTerm).join(', ')}}`;
    case 'object':
      return `{${t.entries.map((e) => `${printTerm(e.key)}: ${printTerm(e.value)}`).join(', ')}}`;
    case 'arrayCompr':
      return `[${printTerm(t.term)} | ${printBody(t.body).slice(2, -2)}]`;
    case 'setCompr':
      return `{${printTerm(t.term)} | ${printBody(t.body).slice(2, -2)}}`;
    case 'objectCompr':
      return `{${printTerm(t.key)}: ${printTerm(t.value)} | ${printBody(t.body).slice(2, -2)}}`;
    case 'call':
      return `${t.name}(${t.args.map(printTerm).join(', ')})`;
    case 'binary':
      return `(${printTerm(t.left)} ${t.op} ${printTerm(t.right)})`;
    case 'in':
      return `(${t.key ? `${printTerm(t.key)}, ` : ''}${printTerm(t.value)} in ${printTerm(t.collection)})`;
  }
}
