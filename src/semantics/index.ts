/**
 * Public entry points of the front end's semantic stage.
 *
 *  - {@link checkSources}: in-memory sources → diagnostics (+ IR when error-free).
 *  - {@link loadPolicySet}: paths on disk (files, or directories read recursively for
 *    `*.role`, sorted) → the same, plus the files read.
 *  - {@link discoverPolicySets}: how `rolec check` splits a collection directory such as
 *    `policies/` into its policy sets.
 *
 * Syntax and semantic diagnostics come back together, sorted by file and position. The IR
 * is produced only when there is no error at all (warnings allowed).
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { checkParsed, type CheckResult, type SourceFile } from './check.ts';
import { appendAll } from '../support/arrays.ts';

export type { PolicySetIR } from './ir.ts';
export { checkSources, type CheckResult } from './check.ts';
export { SEMANTIC_CODES, type SemanticCode } from './codes.ts';
export { loadCatalog, CatalogError, type Catalog } from './catalog/index.ts';

/** A bad path given by the user (nonexistent, not a `.role` file, no `.role` files in it). */
export class PolicyPathError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PolicyPathError';
  }
}

export interface LoadedPolicySet extends CheckResult {
  /** The files read, sorted by relative path. */
  files: { path: string; rel: string }[];
}

/**
 * Reads and checks one policy set. Directories are read recursively for `*.role` files;
 * files are taken as given. The policy-set root (for relative paths in rule ids) is the
 * directory when one directory is given, otherwise the deepest common directory.
 * Throws {@link PolicyPathError} for a path that does not exist or holds no `.role` file.
 */
export async function loadPolicySet(paths: readonly string[]): Promise<LoadedPolicySet> {
  const found = await listRoleFiles(paths);
  const root = policySetRoot(paths, found);
  const files: SourceFile[] = [];
  for (const display of found) {
    const rel = path.relative(root, display).split(path.sep).join('/');
    files.push({ display, rel, text: await readFile(display, 'utf8') });
  }
  files.sort((a, b) => (a.rel < b.rel ? -1 : a.rel > b.rel ? 1 : 0));
  return { ...checkParsed(files), files: files.map((f) => ({ path: f.display, rel: f.rel })) };
}

/** Every `.role` file under the given paths (deduplicated, sorted). */
export async function listRoleFiles(paths: readonly string[]): Promise<string[]> {
  if (paths.length === 0) throw new PolicyPathError('no policy path given');
  const out = new Set<string>();
  for (const p of paths) {
    const st = await statOrUndefined(p);
    if (!st) throw new PolicyPathError(`${p}: no such file or directory`);
    if (st.isDirectory()) {
      const before = out.size;
      for (const f of await walk(p)) out.add(f);
      if (out.size === before) throw new PolicyPathError(`${p}: no .role files in this directory`);
    } else if (p.endsWith('.role')) out.add(path.normalize(p));
    else throw new PolicyPathError(`${p}: not a .role file`);
  }
  return [...out].sort();
}

async function walk(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const out: string[] = [];
  for (const e of entries) {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) appendAll(out, await walk(full));
    else if (e.isFile() && e.name.endsWith('.role')) out.push(full);
  }
  return out;
}

function policySetRoot(paths: readonly string[], files: readonly string[]): string {
  if (paths.length === 1 && files.length > 0 && !paths[0]!.endsWith('.role')) return path.normalize(paths[0]!);
  const dirs = files.map((f) => path.dirname(path.resolve(f)).split(path.sep));
  let common = dirs[0] ?? [];
  for (const d of dirs) {
    let i = 0;
    while (i < common.length && i < d.length && common[i] === d[i]) i++;
    common = common.slice(0, i);
  }
  return common.join(path.sep) || path.sep;
}

async function statOrUndefined(p: string) {
  try {
    return await stat(p);
  } catch {
    return undefined;
  }
}

/**
 * Splits paths into policy sets for `rolec check`: a file is its own set with the other
 * file arguments (all files given together form one set); a directory that directly holds
 * `.role` files is one set (read recursively); a directory without `.role` files of its
 * own is a collection — each subdirectory is examined the same way. So `policies/`, holding
 * `observability/`, `abac-programs/`, `elastic-cloud/`, gives three sets.
 */
export async function discoverPolicySets(paths: readonly string[]): Promise<string[][]> {
  const sets: string[][] = [];
  const looseFiles: string[] = [];
  for (const p of paths) {
    const st = await statOrUndefined(p);
    if (!st) throw new PolicyPathError(`${p}: no such file or directory`);
    if (!st.isDirectory()) {
      if (!p.endsWith('.role')) throw new PolicyPathError(`${p}: not a .role file`);
      looseFiles.push(p);
      continue;
    }
    const found = await collectionSets(p);
    if (found.length === 0) throw new PolicyPathError(`${p}: no .role files in this directory`);
    appendAll(sets, found.map((d) => [d]));
  }
  if (looseFiles.length > 0) sets.unshift(looseFiles);
  return sets;
}

async function collectionSets(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  if (entries.some((e) => e.isFile() && e.name.endsWith('.role'))) return [dir];
  const subdirs = entries.filter((e) => e.isDirectory()).map((e) => e.name).sort();
  const out: string[] = [];
  for (const s of subdirs) appendAll(out, await collectionSets(path.join(dir, s)));
  return out;
}
