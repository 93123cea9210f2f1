/**
 * `rolec eval --policies PATHS --request FILE [--engine cedar|rego|both]`: one decision
 * from each engine, with the DSL rules that decided it (and where they are). An invalid
 * request exits 2 naming the JSON path; an engine error exits 1; engines that disagree
 * exit 1.
 */
import { readFileSync, statSync } from 'node:fs';
import { InvalidArgumentError, Option, type Command } from 'commander';
import { parse as parseYaml } from 'yaml';
import { summary, type SetExit } from './index.ts';
import { loadPolicySet, PolicyPathError } from '../../semantics/index.ts';
import { renderText, shouldColor } from '../../report/render.ts';
import { requestSchema } from '../../request/schema.ts';
import { formatIssues, requestValidator } from '../../request/validate.ts';
import type { Request } from '../../request/types.ts';
import { DEFAULT_REQUEST_LIMITS, requestLimits, snapshotRequest, type RequestLimits } from '../../request/snapshot.ts';
import { sourceMap } from '../../bundle/manifest.ts';
import { ENGINES, selectEngines } from '../../harness/engines.ts';
import type { EngineAnswer } from '../../engines/decision.ts';

export function register(program: Command, setExit: SetExit): void {
  program
    .command('eval')
    .description(summary('eval'))
    .requiredOption('--policies <paths...>', 'policy files or directory of ONE policy set')
    .requiredOption('--request <file>', 'request (JSON or YAML)')
    .option('--engine <engine>', `${ENGINES.map((e) => e.name).join(', ')}, a comma list, or both (default: all)`)
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .option('--max-request-bytes <n>', `request limit: JSON size in bytes (default ${DEFAULT_REQUEST_LIMITS.maxBytes}; also caps the file)`, positiveInt)
    .option('--max-array-length <n>', `request limit: elements of any array (default ${DEFAULT_REQUEST_LIMITS.maxArrayLength})`, positiveInt)
    .option('--max-depth <n>', `request limit: nesting depth (default ${DEFAULT_REQUEST_LIMITS.maxDepth})`, positiveInt)
    .action(async (opts: EvalOptions) => {
      setExit(await runEval(opts));
    });
}

interface EvalOptions {
  policies: string[];
  request: string;
  engine?: string;
  format: 'text' | 'json';
  maxRequestBytes?: number;
  maxArrayLength?: number;
  maxDepth?: number;
}

function positiveInt(v: string): number {
  const n = Number(v);
  if (!/^[0-9]+$/.test(v) || !Number.isSafeInteger(n) || n < 1) throw new InvalidArgumentError('must be a positive integer');
  return n;
}

export async function runEval(opts: EvalOptions): Promise<number> {
  const { engines, unknown } = selectEngines(opts.engine);
  if (unknown.length > 0) return usage(`unknown engine ${unknown.join(', ')} (known: ${ENGINES.map((e) => e.name).join(', ')}, both)`);
  let limits: RequestLimits;
  try {
    limits = requestLimits({ maxBytes: opts.maxRequestBytes, maxArrayLength: opts.maxArrayLength, maxDepth: opts.maxDepth });
  } catch (e) {
    return usage((e as Error).message);
  }
  let request: unknown;
  try {
    // The file itself is capped too: YAML is parsed before the snapshot can measure it.
    if (statSync(opts.request).size > limits.maxBytes) return invalid(opts.request, `/: the file is larger than ${limits.maxBytes} bytes (request limit maxBytes)`);
    request = parseYaml(readFileSync(opts.request, 'utf8'));
  } catch (e) {
    return usage(`${opts.request}: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`);
  }
  const snapshot = snapshotRequest(request, limits);
  if (!snapshot.ok) return invalid(opts.request, formatIssues(snapshot.issues));
  request = snapshot.value;
  let loaded;
  try {
    loaded = await loadPolicySet(opts.policies);
  } catch (e) {
    if (e instanceof PolicyPathError) return usage(e.message);
    throw e;
  }
  if (!loaded.ir) {
    process.stderr.write(`${renderText(loaded.diagnostics, (f) => safeRead(f), { color: shouldColor(process.stderr) })}\n`);
    return 1;
  }
  const issues = requestValidator(requestSchema(loaded.ir))(request);
  if (issues.length > 0) return invalid(opts.request, formatIssues(issues));
  const where = sourceMap(loaded.ir);
  const answers: { engine: string; answer: EngineAnswer }[] = [];
  for (const loader of engines) {
    const engine = await loader.load(loaded.ir);
    answers.push({ engine: loader.name, answer: engine.evaluate(request as Request) });
  }
  if (opts.format === 'json') process.stdout.write(`${JSON.stringify(answers, null, 2)}\n`);
  else for (const a of answers) process.stdout.write(describe(a.engine, a.answer, where));
  if (answers.some((a) => !a.answer.ok)) return 1;
  const decisions = new Set(answers.map((a) => (a.answer.ok ? a.answer.decision.decision : '')));
  if (decisions.size > 1) {
    process.stdout.write('engines disagree\n');
    return 1;
  }
  return 0;
}

function describe(engine: string, a: EngineAnswer, where: Record<string, string>): string {
  if (!a.ok) return `${engine}: ENGINE ERROR: ${a.error.message}\n`;
  const d = a.decision;
  const lines = [`${engine}: ${d.decision}`];
  for (const id of d.reasons) lines.push(`  granted by ${id}${where[id] ? `  (${where[id]})` : ''}`);
  for (const id of d.deniedBy) lines.push(`  denied by ${id}${where[id] ? `  (${where[id]})` : ''}`);
  if (d.decision === 'deny' && d.deniedBy.length === 0) lines.push('  no permission grants this request');
  return lines.join('\n') + '\n';
}

function invalid(file: string, details: string): number {
  process.stderr.write(`rolec eval: ${file}: invalid request\n${details}\n`);
  return 2;
}

function usage(message: string): number {
  process.stderr.write(`rolec eval: ${message}\n`);
  return 2;
}

function safeRead(f: string): string | undefined {
  try {
    return readFileSync(f, 'utf8');
  } catch {
    return undefined;
  }
}
