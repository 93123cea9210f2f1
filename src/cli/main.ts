/**
 * The `rolec` command line: a thin shell over the pipeline. Each subcommand lives in
 * src/cli/commands/<name>.ts and exports `register(program)`; it parses options, calls
 * library functions, prints, and returns an exit code through `setExit`.
 *
 * Exit codes: 0 success, 1 failures (diagnostics with errors, failing cases), 2 usage or
 * invalid-input errors.
 */
import { Command, CommanderError } from 'commander';
import { COMMANDS, commandNamed } from './commands/index.ts';

export async function main(argv: string[]): Promise<number> {
  const program = new Command('rolec')
    .description('Compile Elasticsearch-style .role policies to Cedar and Rego bundles, and prove they agree')
    .version(await version(), '-V, --version')
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) })
    .showHelpAfterError();
  let code = 0;
  const setExit = (c: number) => {
    code = Math.max(code, c);
  };
  // Only the command being run is loaded; the others are listed (for --help and for
  // commander's did-you-mean) by name, arguments and summary.
  const wanted = commandNamed(argv.slice(2));
  for (const entry of COMMANDS) {
    if (entry.name === wanted) (await entry.load()).register(program, setExit);
    else program.command(`${entry.name}${entry.args ? ` ${entry.args}` : ''}`).description(entry.summary);
  }
  try {
    await program.parseAsync(argv);
  } catch (err) {
    if (err instanceof CommanderError) {
      // --help and --version exit 0; everything else commander rejects is a usage error.
      return err.exitCode === 0 ? 0 : 2;
    }
    process.stderr.write(`rolec: internal error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    return 70;
  }
  return code;
}

async function version(): Promise<string> {
  const { readFile } = await import('node:fs/promises');
  const pkg = JSON.parse(await readFile(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}
