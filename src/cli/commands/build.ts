/**
 * `rolec build [PATHS…] --out DIR [--target cedar,rego]`: compile policy sets to bundles.
 * Everything is built in memory first; if any policy set has an error (diagnostics, or a
 * target's own validation) nothing at all is written. A collection directory such as
 * `policies/` builds each of its sets into `DIR/<set>/`; a single set builds into `DIR/`.
 */
import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { Command } from 'commander';
import { summary, type SetExit } from './index.ts';
import { discoverPolicySets, loadPolicySet, PolicyPathError } from '../../semantics/index.ts';
import { renderText, shouldColor, summaryLine } from '../../report/render.ts';
import { buildPolicySet, writeBuild, type BuildProblem } from '../../bundle/index.ts';
import { selectTargets, targetNames } from '../../bundle/targets.ts';
import type { Target } from '../../backends/target.ts';
import { regoTargetWith } from '../../backends/rego/target.ts';
import { DEFAULT_KEY_ID, DEFAULT_SIGNING_ALGORITHM, isSigningAlgorithm, type SigningOptions } from '../../bundle/sign.ts';
import { SIGNING_ALGORITHMS, type SigningAlgorithm } from '../../bundle/signature.ts';
import { compileWithOpa, findOpa, selectBackend, type RegoWasmBackend } from '../../regowasm/opa-cli.ts';
import { declaredTargets } from '../set-targets.ts';

export function register(program: Command, setExit: SetExit): void {
  program
    .command('build')
    .description(summary('build'))
    .argument('[paths...]', 'policy files or directories (a directory of policy-set directories builds each set)', ['policies'])
    .requiredOption('--out <dir>', 'output directory')
    .option('--target <targets>', `comma-separated targets (${targetNames().join(', ')}; default: the targets the policy set declares in rolec.json, else all)`)
    .option(
      '--rego-wasm <compiler>',
      "how rego/policy.wasm is made: 'builtin' (rolec's own Rego→Wasm compiler) or 'opa' (`opa build -t wasm`, from ROLEC_OPA or PATH); default: opa when ROLEC_OPA is set, else builtin",
    )
    .option('--signing-key <file>', 'sign the build: PEM private key (RS*, PS*, ES*) or the HMAC secret (HS*); writes rego/.signatures.json (OPA format) and manifest.sig')
    .option('--signing-alg <alg>', `signing algorithm (${SIGNING_ALGORITHMS.join(', ')}; default ${DEFAULT_SIGNING_ALGORITHM})`)
    .option('--signing-key-id <id>', `key id written as the JWT's kid and keyid claim (default "${DEFAULT_KEY_ID}", as OPA)`)
    .option('--claims-file <file>', "JSON object of extra claims for the signature (OPA's --claims-file: iss, iat, scope…)")
    .option('--scope <scope>', 'scope claim of the signature (verifiers must be configured with the same scope)')
    .option('--watch', 'rebuild on every change of a .role file (Ctrl-C stops)')
    .action(async (paths: string[], opts: BuildCliOptions) => {
      const signing = signingOptions(opts);
      if (typeof signing === 'string') {
        process.stderr.write(`rolec build: ${signing}\n`);
        setExit(2);
        return;
      }
      const build = () => runBuild(paths, opts.out, opts.target?.split(',').map((s) => s.trim()).filter(Boolean), opts.regoWasm, signing);
      if (opts.watch) {
        const { watchAndRerun } = await import('../watch.ts');
        setExit(await watchAndRerun(paths, build, { extensions: ['.role'] }));
        return;
      }
      setExit(await build());
    });
}

interface BuildCliOptions {
  out: string;
  target?: string;
  regoWasm?: string;
  signingKey?: string;
  signingAlg?: string;
  signingKeyId?: string;
  claimsFile?: string;
  scope?: string;
  watch?: boolean;
}

/** The signing options from the command line, undefined when not signing, or a usage error. */
export function signingOptions(opts: Omit<BuildCliOptions, 'out'>): SigningOptions | undefined | string {
  const { signingKey, signingAlg, signingKeyId, claimsFile, scope } = opts;
  if (!signingKey) {
    return signingAlg || signingKeyId || claimsFile || scope !== undefined ? '--signing-alg, --signing-key-id, --claims-file and --scope need --signing-key' : undefined;
  }
  if (signingAlg !== undefined && !isSigningAlgorithm(signingAlg)) return `--signing-alg must be one of ${SIGNING_ALGORITHMS.join(', ')}, not '${signingAlg}'`;
  let key: Uint8Array;
  try {
    key = readFileSync(signingKey);
  } catch (e) {
    return `cannot read the signing key ${signingKey}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`;
  }
  let claims: Record<string, unknown> | undefined;
  if (claimsFile) {
    try {
      claims = JSON.parse(readFileSync(claimsFile, 'utf8')) as Record<string, unknown>;
    } catch (e) {
      return `--claims-file ${claimsFile}: ${(e as Error).message}`;
    }
    if (!claims || typeof claims !== 'object' || Array.isArray(claims)) return `--claims-file ${claimsFile}: must hold a JSON object`;
    if ('files' in claims) return `--claims-file ${claimsFile}: may not set "files"`;
  }
  return {
    key,
    ...(signingAlg ? { algorithm: signingAlg as SigningAlgorithm } : {}),
    ...(signingKeyId ? { keyId: signingKeyId } : {}),
    ...(claims ? { claims } : {}),
    ...(scope !== undefined ? { scope } : {}),
  };
}

export async function runBuild(paths: readonly string[], out: string, targetList?: string[], regoWasm?: string, signing?: SigningOptions): Promise<number> {
  const selected = selectTargets(targetList);
  if (selected.unknown.length > 0) {
    process.stderr.write(`rolec build: unknown target ${selected.unknown.join(', ')} (known: ${targetNames().join(', ')})\n`);
    return 2;
  }
  const targets = withRegoWasmCompiler(selected.targets, regoWasm);
  if (typeof targets === 'string') {
    process.stderr.write(`rolec build: ${targets}\n`);
    return 2;
  }
  let sets: string[][];
  try {
    sets = await discoverPolicySets(paths);
  } catch (e) {
    if (e instanceof PolicyPathError) {
      process.stderr.write(`rolec build: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
  const outputs: { dir: string; files: Record<string, string | Uint8Array> }[] = [];
  let failed = false;
  for (const set of sets) {
    const loaded = await loadPolicySet(set);
    if (!loaded.ir) {
      const text = renderText(loaded.diagnostics, readSource, { color: shouldColor(process.stderr) });
      process.stderr.write(`${text}\n${summaryLine(loaded.files.length, loaded.diagnostics)}\n`);
      failed = true;
      continue;
    }
    const declared = targetList && targetList.length > 0 ? {} : declaredTargets(set, targetNames());
    if (declared.error) {
      process.stderr.write(`rolec build: ${declared.error}\n`);
      failed = true;
      continue;
    }
    const setTargets = declared.targets ? targets.filter((t) => declared.targets!.includes(t.name)) : targets;
    let result: Awaited<ReturnType<typeof buildPolicySet>>;
    try {
      result = await buildPolicySet(loaded.ir, setTargets, signing ? { signing } : {});
    } catch (e) {
      // Only signing throws here (a key that does not fit the algorithm): a usage error.
      if (!signing) throw e;
      process.stderr.write(`rolec build: cannot sign: ${(e as Error).message}\n`);
      return 2;
    }
    if (!result.ok) {
      for (const p of result.problems) process.stderr.write(`${formatProblem(set, p)}\n`);
      failed = true;
      continue;
    }
    outputs.push({ dir: sets.length > 1 ? join(out, basename(set[0]!)) : out, files: result.files });
  }
  if (failed) {
    process.stderr.write('rolec build: errors found; nothing was written\n');
    return 1;
  }
  for (const o of outputs) {
    const written = await writeBuild(o.dir, o.files);
    process.stdout.write(`wrote ${written.length} files to ${o.dir}\n`);
  }
  return 0;
}

/**
 * The rego target with policy.wasm from the chosen compiler: rolec's own (the default) or
 * the user's OPA CLI. Returns a usage error message when the choice cannot be honoured.
 */
function withRegoWasmCompiler(targets: Target[], choice: string | undefined): Target[] | string {
  if (choice !== undefined && choice !== 'builtin' && choice !== 'opa') return `--rego-wasm must be 'builtin' or 'opa', not '${choice}'`;
  if (selectBackend(choice as RegoWasmBackend | undefined) === 'builtin') return targets;
  const opa = findOpa();
  if (!opa) return '--rego-wasm opa needs the OPA CLI: set ROLEC_OPA to its path or put `opa` on PATH';
  return targets.map((t) => (t.name === 'rego' ? regoTargetWith((req) => compileWithOpa(opa, req)) : t));
}

function formatProblem(set: string[], p: BuildProblem): string {
  const where = p.loc ? `${join(set.length === 1 && !set[0]!.endsWith('.role') ? set[0]! : '', p.loc.file)}:${p.loc.line}:${p.loc.col}: ` : '';
  return `${where}error ${p.code}: ${p.message}`;
}

function readSource(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}
