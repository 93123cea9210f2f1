// Builds the Rego VM (src/regowasm/vm/*.ts, AssemblyScript) into build/regowasm/vm.wasm.
// Run by `npm ci` (prepare) and `npm run build`; also runnable on its own
// (`node scripts/build/10-regowasm-vm.mjs`), which src/regowasm/splice.ts does when the
// VM is missing or older than its sources. splice.ts adds the per-policy program.
import { execFileSync } from 'node:child_process';
import { mkdirSync, renameSync, statSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));

export default async function buildRegoVm() {
  mkdirSync(root + 'build/regowasm', { recursive: true });
  const asc = root + 'node_modules/.bin/asc';
  // build to a private file, then rename: concurrent builds never expose a partial file
  const tmp = `build/regowasm/vm.${process.pid}.tmp.wasm`;
  execFileSync(asc, [
    'src/regowasm/vm/index.ts',
    '--outFile', tmp,
    '--runtime', './src/regowasm/vm/rt',
    '--importMemory', '--noExportMemory',
    '--use', 'abort=src/regowasm/vm/abort/asAbort',
    '-O3', '--converge', '--noAssert', '--disableWarning',
    // AS keeps a shadow stack between static data and the heap: splice.ts places the
    // program above it and must know its size (VM_STACK_SIZE there).
    '--stackSize', '32768',
  ], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  renameSync(root + tmp, root + 'build/regowasm/vm.wasm');
  console.log(`regowasm vm: build/regowasm/vm.wasm ${statSync(root + 'build/regowasm/vm.wasm').size} bytes`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await buildRegoVm();
