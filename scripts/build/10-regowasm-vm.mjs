// Builds the Rego VM (src/regowasm/vm/*.ts, AssemblyScript) into build/regowasm/vm.wasm.
// Run by `npm ci` (prepare) and `npm run build`. splice.ts adds the per-policy program.
import { execFileSync } from 'node:child_process';
import { mkdirSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));

export default async function buildRegoVm() {
  mkdirSync(root + 'build/regowasm', { recursive: true });
  const asc = root + 'node_modules/.bin/asc';
  execFileSync(asc, [
    'src/regowasm/vm/index.ts',
    '--outFile', 'build/regowasm/vm.wasm',
    '--runtime', './src/regowasm/vm/rt',
    '--importMemory', '--noExportMemory',
    '--use', 'abort=src/regowasm/vm/abort/asAbort',
    '-O3', '--converge', '--noAssert', '--disableWarning',
    // AS keeps a shadow stack between static data and the heap: splice.ts places the
    // program above it and must know its size (VM_STACK_SIZE there).
    '--stackSize', '32768',
  ], { cwd: root, stdio: 'inherit' });
  console.log(`regowasm vm: build/regowasm/vm.wasm ${statSync(root + 'build/regowasm/vm.wasm').size} bytes`);
}
