/**
 * Language features over a {@link Workspace}: hover, completion, definitions and
 * references of roles, document symbols, and quick fixes for did-you-mean diagnostics.
 * Plain functions from (workspace, file, position) to LSP data; server.ts wires them.
 */
import { CodeActionKind, CompletionItemKind, SymbolKind, type CodeAction, type CompletionItem, type Diagnostic as LspDiagnostic, type DocumentSymbol, type Hover, type Location, type Position, type Range } from 'vscode-languageserver';
import { pathToFileURL } from 'node:url';
import { loadCatalog } from '../semantics/catalog/index.ts';
import type { PrivilegeFamily } from '../semantics/ir.ts';
import type { Declaration, RoleDecl, Span } from '../syntax/ast.ts';
import { KEYWORDS } from '../syntax/tokens.ts';
import { printRoleFile } from '../syntax/print.ts';
import { contains, type Occurrence } from './occurrences.ts';
import type { ParsedFile, SetAnalysis, Workspace } from './workspace.ts';

export const toRange = (s: Span): Range => ({ start: { line: s.start.line - 1, character: s.start.col - 1 }, end: { line: s.end.line - 1, character: s.end.col - 1 } });

/** LSP position (0-based line, UTF-16 character) → offset in `text`. */
export function offsetAt(text: string, pos: Position): number {
  let line = 0;
  let i = 0;
  while (line < pos.line) {
    const nl = text.indexOf('\n', i);
    if (nl < 0) return text.length;
    i = nl + 1;
    line++;
  }
  return Math.min(i + pos.character, text.length);
}

const uriOf = (file: string) => pathToFileURL(file).href;

function at(ws: Workspace, file: string, pos: Position): { set: SetAnalysis; here: ParsedFile; occurrence?: Occurrence } | undefined {
  const set = ws.analyse(file);
  const here = set.files.find((f) => f.path === file);
  if (!here) return undefined;
  const offset = offsetAt(here.text, pos);
  return { set, here, occurrence: here.occurrences.find((o) => contains(o.span, offset)) };
}

// ---------------------------------------------------------------- hover

export function hover(ws: Workspace, file: string, pos: Position): Hover | null {
  const found = at(ws, file, pos);
  const o = found?.occurrence;
  if (!found || !o) return null;
  const value = o.kind === 'privilege' ? privilegeHover(o.name, o.family) : o.kind === 'role' ? roleHover(found.set, o.name) : operandHover(found.set, o.segments);
  return value ? { contents: { kind: 'markdown', value }, range: toRange(o.span) } : null;
}

function privilegeHover(name: string, family: PrivilegeFamily | undefined): string | undefined {
  if (!family) return `**application privilege** \`${name}\` — free-form, matched as a pattern against the request's action`;
  const catalog = loadCatalog();
  const canonical = catalog.resolve(family, name);
  if (!canonical) return `unknown ${family} privilege \`${name}\``;
  const implies = catalog.closure(family, canonical).filter((p) => p !== canonical);
  const impliedBy = catalog.ir[family].filter((q) => q.name !== canonical && q.implies.includes(canonical)).map((q) => q.name);
  const list = (xs: readonly string[]) => (xs.length ? xs.map((x) => `\`${x}\``).join(', ') : '_nothing else_');
  return [
    `**${family} privilege** \`${canonical}\`${canonical !== name ? ` (alias \`${name}\`)` : ''}`,
    '',
    `**Implies:** ${list(implies)}`,
    '',
    `**Implied by:** ${list(impliedBy)}`,
  ].join('\n');
}

function roleDecls(set: SetAnalysis): Map<string, { decl: RoleDecl; file: string }> {
  const out = new Map<string, { decl: RoleDecl; file: string }>();
  for (const f of set.files) for (const d of f.ast.declarations) if (d.kind === 'role' && !out.has(d.name.text)) out.set(d.name.text, { decl: d, file: f.path });
  return out;
}

function roleHover(set: SetAnalysis, name: string): string | undefined {
  const roles = roleDecls(set);
  const builtin = loadCatalog().builtinRoles.find((r) => r.name === name);
  if (!roles.has(name)) {
    if (!builtin) return name.startsWith('cloud.') ? `**Elastic Cloud role** \`${name}\`` : `undefined role \`${name}\``;
    const lines = [`**built-in role** \`${name}\` — ${builtin.description}`, ''];
    if (builtin.cluster.length) lines.push(`- cluster: ${builtin.cluster.join(', ')}`);
    for (const i of builtin.indices) lines.push(`- index ${i.names.join(', ')}${i.except.length ? ` except ${i.except.join(', ')}` : ''}: ${i.privileges.join(', ')}`);
    if (builtin.run_as.length) lines.push(`- run_as: ${builtin.run_as.join(', ')}`);
    for (const a of builtin.applications) lines.push(`- application ${a.application}: ${a.privileges.join(', ')} on ${a.resources.join(', ')}`);
    return lines.join('\n');
  }
  // Effective permissions: the role's own and those of every role it includes, transitively.
  const seen: string[] = [];
  const visit = (n: string) => {
    if (seen.includes(n)) return;
    seen.push(n);
    roles.get(n)?.decl.includes.forEach((i) => visit(i.text));
  };
  visit(name);
  const out = [`**role** \`${name}\``];
  const includes = seen.slice(1);
  if (includes.length) out.push('', `**Includes** (transitively): ${includes.map((i) => `\`${i}\``).join(', ')}`);
  for (const n of seen) {
    const r = roles.get(n);
    if (!r) {
      out.push('', `from built-in \`${n}\``);
      continue;
    }
    const shown: RoleDecl = { ...r.decl, includes: [] };
    out.push('', n === name ? '**Permissions and guards:**' : `**From \`${n}\`:**`, '```role', printRoleFile([shown]).trimEnd(), '```');
  }
  return out.join('\n');
}

const BUILTIN_OPERANDS: Record<string, string> = {
  'principal.id': 'String — the user name or API key id',
  'principal.type': 'String — "user" or "api_key"',
  'principal.realm': 'String (may be absent) — the authentication realm',
  'principal.groups': 'Set<String> — the groups the principal belongs to',
  'resource.index': 'String (may be absent) — the index of the request',
  'resource.field': 'String (may be absent) — the field of the request',
  'resource.deployment': 'String (may be absent) — the Elastic Cloud deployment',
};

function operandHover(set: SetAnalysis, segments: readonly string[]): string | undefined {
  const text = segments.join('.');
  if (BUILTIN_OPERANDS[text]) return `\`${text}\`: ${BUILTIN_OPERANDS[text]}`;
  const [scope, attr] = segments;
  for (const f of set.files) {
    for (const d of f.ast.declarations) {
      if (d.kind !== 'schema') continue;
      for (const b of d.blocks) {
        if (b.scope !== scope) continue;
        const a = b.attributes.find((x) => x.name.text === attr);
        if (a) return `\`${scope}.${a.name.text}${a.optional ? '?' : ''}: ${a.type}\`${a.optional ? ' — optional: reading it when absent is *unknown*' : ''}`;
      }
    }
  }
  return undefined;
}

// ---------------------------------------------------------------- completion

const KEYWORD_ITEMS: CompletionItem[] = [...KEYWORDS.keys()].sort().map((k) => ({ label: k, kind: CompletionItemKind.Keyword }));

/** The header of the innermost `{ … }` block enclosing `offset` (e.g. `index "x" `). */
function enclosingHeader(text: string, offset: number): string {
  let depth = 0;
  for (let i = offset - 1; i >= 0; i--) {
    const c = text[i];
    if (c === '}') depth++;
    else if (c === '{') {
      if (depth === 0) return text.slice(text.lastIndexOf('\n', i - 1) + 1, i);
      depth--;
    }
  }
  return '';
}

export function complete(ws: Workspace, file: string, pos: Position): CompletionItem[] {
  const set = ws.analyse(file);
  const here = set.files.find((f) => f.path === file);
  const text = here?.text ?? ws.textOf(file) ?? '';
  const offset = offsetAt(text, pos);
  const line = text.slice(text.lastIndexOf('\n', offset - 1) + 1, offset);
  const privileges = (family: PrivilegeFamily): CompletionItem[] =>
    loadCatalog().ir[family].map((p) => ({ label: p.name, kind: CompletionItemKind.EnumMember, detail: `${family} privilege`, documentation: privilegeHover(p.name, family) }));
  const operand = /\b(user|document|context|principal|resource)\.(\w*)$/.exec(line);
  if (operand) return attributes(set, operand[1]!);
  if (/\b(includes|roles|for\s+role)\s+([\w.]+\s*,\s*)*[\w.]*$/.test(line)) {
    const names = [...roleDecls(set).keys(), ...loadCatalog().builtinRoles.map((r) => r.name)];
    return [...new Set(names)].sort().map((n) => ({ label: n, kind: CompletionItemKind.Class, detail: 'role' }));
  }
  const list = /\b(cluster|privileges|cloud)\s+((?:"[^"]*"|[\w.]+)\s*,\s*)*[\w.]*$/.exec(line);
  if (list) {
    if (list[1] === 'cluster') return privileges('cluster');
    if (list[1] === 'cloud') return privileges('cloud');
    // `privileges` inside an index clause (block or short form); application privileges are free-form.
    const header = /\bindex\b/.test(line) ? 'index' : enclosingHeader(text, offset);
    return /^\s*application\b/.test(header) ? [] : privileges('index');
  }
  return KEYWORD_ITEMS;
}

function attributes(set: SetAnalysis, scope: string): CompletionItem[] {
  if (scope === 'principal' || scope === 'resource') {
    return Object.entries(BUILTIN_OPERANDS)
      .filter(([k]) => k.startsWith(`${scope}.`))
      .map(([k, v]) => ({ label: k.slice(scope.length + 1), kind: CompletionItemKind.Property, detail: v }));
  }
  const out: CompletionItem[] = [];
  for (const f of set.files)
    for (const d of f.ast.declarations)
      if (d.kind === 'schema')
        for (const b of d.blocks)
          if (b.scope === scope) for (const a of b.attributes) out.push({ label: a.name.text, kind: CompletionItemKind.Field, detail: `${a.type}${a.optional ? ' (optional)' : ''}` });
  return out;
}

// ---------------------------------------------------------------- navigation

function roleAt(ws: Workspace, file: string, pos: Position): { set: SetAnalysis; name: string } | undefined {
  const found = at(ws, file, pos);
  return found?.occurrence?.kind === 'role' ? { set: found.set, name: found.occurrence.name } : undefined;
}

export function definition(ws: Workspace, file: string, pos: Position): Location | null {
  const r = roleAt(ws, file, pos);
  const decl = r && roleDecls(r.set).get(r.name);
  return decl ? { uri: uriOf(decl.file), range: toRange(decl.decl.name.span) } : null;
}

export function references(ws: Workspace, file: string, pos: Position, includeDeclaration: boolean): Location[] {
  const r = roleAt(ws, file, pos);
  if (!r) return [];
  return r.set.files.flatMap((f) =>
    f.occurrences.filter((o) => o.kind === 'role' && o.name === r.name && (includeDeclaration || !o.declaration)).map((o) => ({ uri: uriOf(f.path), range: toRange(o.span) })),
  );
}

export function documentSymbols(ws: Workspace, file: string): DocumentSymbol[] {
  const here = ws.file(file);
  if (!here) return [];
  return here.ast.declarations.map((d) => symbolOf(d));
}

function symbolOf(d: Declaration): DocumentSymbol {
  const symbol = (name: string, kind: SymbolKind, nameSpan: Span, detail: string): DocumentSymbol => ({ name, kind, detail, range: toRange(d.span), selectionRange: toRange(nameSpan) });
  switch (d.kind) {
    case 'role':
      return symbol(d.name.text, SymbolKind.Class, d.name.span, 'role');
    case 'deny':
      return symbol(d.name.text, SymbolKind.Event, d.name.span, 'deny');
    case 'mapping':
      return symbol(d.name.text, SymbolKind.Interface, d.name.span, 'mapping');
    case 'schema':
      return { ...symbol('schema', SymbolKind.Struct, d.span, 'schema'), children: d.blocks.map((b) => ({ name: b.scope, kind: SymbolKind.Struct, range: toRange(b.span), selectionRange: toRange(b.scopeSpan), children: b.attributes.map((a) => ({ name: a.name.text, detail: a.type, kind: SymbolKind.Field, range: toRange(a.span), selectionRange: toRange(a.name.span) })) })) };
    case 'assignment':
      return symbol(`${d.holder} ${JSON.stringify(d.id.value)}`, SymbolKind.Variable, d.id.span, `roles ${d.roles.map((r) => r.text).join(', ')}`);
    case 'assert':
      return symbol(d.name.text, SymbolKind.Boolean, d.name.span, d.quantifier?.kind ?? 'assert');
    case 'assign':
      return symbol(`assign ${d.principalType} ${JSON.stringify(d.id.value)}`, SymbolKind.Variable, d.id.span, d.role.text);
  }
}

// ---------------------------------------------------------------- quick fixes

/** "… (did you mean `x`?)" → replace the diagnostic's range with the suggestion. */
export function quickFixes(ws: Workspace, file: string, uri: string, diagnostics: readonly LspDiagnostic[]): CodeAction[] {
  const text = ws.textOf(file) ?? '';
  return diagnostics.flatMap((d) => {
    const m = /\(did you mean `([^`]+)`\?\)/.exec(typeof d.message === "string" ? d.message : d.message.value);
    if (!m) return [];
    const start = offsetAt(text, d.range.start);
    const old = text.slice(start, offsetAt(text, d.range.end));
    // Keep quotes of a quoted privilege, and the scope of an attribute path (`user.dept`).
    const suggestion = m[1]!;
    const replacement = old.startsWith('"') ? JSON.stringify(suggestion) : old.includes('.') && !suggestion.includes('.') ? `${old.slice(0, old.lastIndexOf('.') + 1)}${suggestion}` : suggestion;
    return [{ title: `Change to \`${suggestion}\``, kind: CodeActionKind.QuickFix, diagnostics: [d], isPreferred: true, edit: { changes: { [uri]: [{ range: d.range, newText: replacement }] } } }];
  });
}
