/**
 * The language server's view of the policy sets: which set a file belongs to, its
 * analysis (the same `checkSources` as `rolec check`, with open editors' unsaved text in
 * place of the files on disk), and per-file ASTs for navigation. Analyses are cached and
 * redone only when a file of the set changes; a file's AST is re-parsed only when its
 * own text changed.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Diagnostic } from '../diagnostics/types.ts';
import { checkSources } from '../semantics/index.ts';
import type { RoleFileAst } from '../syntax/ast.ts';
import { parseRoleFile } from '../syntax/index.ts';
import { occurrencesOf, type Occurrence } from './occurrences.ts';

export interface ParsedFile {
  path: string;
  text: string;
  ast: RoleFileAst;
  occurrences: Occurrence[];
}

export interface SetAnalysis {
  root: string;
  files: ParsedFile[];
  /** All diagnostics of the set (syntax and semantics), as `rolec check` reports them. */
  diagnostics: Diagnostic[];
}

const hasRoleFiles = (dir: string) => {
  try {
    return readdirSync(dir).some((f) => f.endsWith('.role'));
  } catch {
    return false;
  }
};

/** The policy-set directory of a file: the highest ancestor in a chain of directories that
 *  directly hold `.role` files (as `rolec check` splits a collection such as policies/),
 *  never above the workspace folder that holds the file. */
export function policySetRoot(file: string, folders: readonly string[] = []): string {
  let root = path.dirname(file);
  const folder = folders.filter((f) => root === f || root.startsWith(f + path.sep)).sort((a, b) => b.length - a.length)[0];
  for (;;) {
    const parent = path.dirname(root);
    if (root === folder || parent === root || !hasRoleFiles(parent)) return root;
    root = parent;
  }
}

/** Every `.role` file under `dir`, recursively, sorted (none if `dir` cannot be read). */
export function roleFilesUnder(dir: string): string[] {
  let entries: string[];
  try {
    entries = readdirSync(dir).sort();
  } catch {
    return [];
  }
  return entries.flatMap((e) => {
    const p = path.join(dir, e);
    try {
      return statSync(p).isDirectory() ? roleFilesUnder(p) : e.endsWith('.role') ? [p] : [];
    } catch {
      return [];
    }
  });
}

export class Workspace {
  /** Unsaved text of open documents, by absolute path. */
  private readonly open = new Map<string, string>();
  private readonly parsed = new Map<string, ParsedFile>();
  private readonly analyses = new Map<string, SetAnalysis>();
  /** Workspace folders (absolute paths): a policy set never reaches above one. */
  folders: string[] = [];

  rootOf(file: string): string {
    return policySetRoot(file, this.folders);
  }

  setText(file: string, text: string | undefined): void {
    if (text === undefined) this.open.delete(file);
    else this.open.set(file, text);
    this.analyses.delete(this.rootOf(file));
  }

  textOf(file: string): string | undefined {
    if (this.open.has(file)) return this.open.get(file);
    try {
      return readFileSync(file, 'utf8');
    } catch {
      return undefined;
    }
  }

  /** The analysis of the set `file` belongs to (cached until one of its files changes). */
  analyse(file: string): SetAnalysis {
    const root = this.rootOf(file);
    const cached = this.analyses.get(root);
    if (cached) return cached;
    const paths = new Set(roleFilesUnder(root));
    for (const p of this.open.keys()) if (this.rootOf(p) === root) paths.add(p);
    paths.add(file);
    const sources = [...paths].sort().flatMap((p) => {
      const text = this.textOf(p);
      return text === undefined ? [] : [{ path: p, text }];
    });
    const { diagnostics } = checkSources(sources);
    const files = sources.map((s) => this.parse(s.path, s.text));
    const analysis = { root, files, diagnostics };
    this.analyses.set(root, analysis);
    return analysis;
  }

  file(file: string): ParsedFile | undefined {
    return this.analyse(file).files.find((f) => f.path === file);
  }

  private parse(file: string, text: string): ParsedFile {
    const known = this.parsed.get(file);
    if (known?.text === text) return known;
    const { ast } = parseRoleFile(file, text);
    const parsed = { path: file, text, ast, occurrences: occurrencesOf(ast) };
    this.parsed.set(file, parsed);
    return parsed;
  }
}
