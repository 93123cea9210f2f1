/**
 * The prebuilt Rego VM module on disk (Node): build/regowasm/vm.wasm, beside lib/ in the
 * installed package, rebuilt from src/regowasm/vm/ first when a clone's sources are newer.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const VM_WASM_PATH = fileURLToPath(new URL('../../build/regowasm/vm.wasm', import.meta.url));

const VM_SOURCES = fileURLToPath(new URL('./vm/', import.meta.url));
const VM_BUILD_SCRIPT = fileURLToPath(new URL('../../scripts/build/10-regowasm-vm.mjs', import.meta.url));

let cachedVm: Uint8Array | undefined;

/** True when build/regowasm/vm.wasm is missing or older than a VM source file. */
function vmIsStale(): boolean {
  if (!existsSync(VM_WASM_PATH)) return true;
  if (!existsSync(VM_SOURCES)) return false; // installed without sources: trust the build
  const built = statSync(VM_WASM_PATH).mtimeMs;
  return readdirSync(VM_SOURCES).some((f) => f.endsWith('.ts') && statSync(VM_SOURCES + f).mtimeMs > built);
}

/** The prebuilt VM bytes; rebuilt first (asc, ~10 s) when missing or stale. */
export function loadVmWasm(): Uint8Array {
  if (!cachedVm) {
    if (vmIsStale() && existsSync(VM_BUILD_SCRIPT)) {
      try {
        execFileSync(process.execPath, [VM_BUILD_SCRIPT], { stdio: ['ignore', 'ignore', 'inherit'] });
      } catch {
        // fall through: report below if there is still no VM
      }
    }
    try {
      cachedVm = new Uint8Array(readFileSync(VM_WASM_PATH));
    } catch {
      throw new Error(`regowasm: ${VM_WASM_PATH} is missing; run \`npm run build\` (it compiles src/regowasm/vm with asc)`);
    }
  }
  return cachedVm;
}
