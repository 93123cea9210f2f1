/**
 * The compile Worker: typing never waits for the compiler. Each message carries the whole
 * policy set and one step — `check` answers with diagnostics (the editor's lint markers),
 * `build` with the built files. The page runs one instance per step (see main.ts).
 */
import { build, check } from './compiler-entry.ts';
import type { CompileReply, CompileRequest } from './protocol.ts';

self.onmessage = async (e: MessageEvent<CompileRequest>) => {
  const { id, files, step } = e.data;
  try {
    if (step === 'check') {
      const t0 = performance.now();
      post({ id, kind: 'check', diagnostics: check(files).diagnostics, ms: performance.now() - t0 });
      return;
    }
    const t1 = performance.now();
    const built = await build(files);
    if (!built.ok) post({ id, kind: 'build-failed', problems: built.problems });
    else post({ id, kind: 'build', files: built.files, ms: performance.now() - t1 });
  } catch (err) {
    post({ id, kind: 'crash', message: err instanceof Error ? (err.stack ?? err.message) : String(err) });
  }
};

function post(reply: CompileReply) {
  (self as unknown as Worker).postMessage(reply);
}
