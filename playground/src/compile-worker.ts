/**
 * The compile Worker: typing never waits for the compiler. Each message carries the whole
 * policy set; the answer comes in two steps — diagnostics as soon as the check is done
 * (the editor's lint markers), then the built files when there is no error.
 */
import { build, check } from './compiler-entry.ts';
import type { CompileReply, CompileRequest } from './protocol.ts';

self.onmessage = async (e: MessageEvent<CompileRequest>) => {
  const { id, files } = e.data;
  try {
    const t0 = performance.now();
    const checked = check(files);
    post({ id, kind: 'check', diagnostics: checked.diagnostics, ms: performance.now() - t0 });
    if (checked.diagnostics.some((d) => d.severity === 'error')) return;
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
