/**
 * The Fuzz Worker: N requests from rolec's own request generator (src/harness/fuzz, the
 * one `rolec fuzz` uses: fast-check arbitraries over the policy set's schema and
 * constants), each decided by both engines through the same runtime the page uses.
 */
import fc from 'fast-check';
import { check } from './compiler-entry.ts';
import { collectConstants } from '../../src/harness/fuzz/constants.ts';
import { requestArbitrary } from '../../src/harness/fuzz/generate.ts';
import { enginesFor, evaluate } from './evaluate.ts';
import type { FuzzDisagreement, FuzzReply, FuzzRequest } from './protocol.ts';

const post = (r: FuzzReply) => (self as unknown as Worker).postMessage(r);

self.onmessage = async (e: MessageEvent<FuzzRequest>) => {
  const { sources, files, count, seed } = e.data;
  try {
    const t0 = performance.now();
    const { ir } = check(sources);
    if (!ir) throw new Error('the policy set has errors: nothing to fuzz');
    const requests = fc.sample(requestArbitrary(ir, collectConstants(ir)), { numRuns: count, seed });
    const engines = await enginesFor(files);
    const disagreements: FuzzDisagreement[] = [];
    const invalid: { request: unknown; issues: string[] }[] = [];
    const every = Math.max(1, Math.floor(count / 50));
    requests.forEach((request, i) => {
      const ev = evaluate(engines, request);
      if (ev.kind === 'invalid') invalid.push({ request, issues: ev.issues.map((x) => `${x.pointer || '/'}: ${x.message}`) });
      else if (!ev.agree) disagreements.push({ request, differences: ev.differences });
      if ((i + 1) % every === 0 || i + 1 === count) post({ kind: 'progress', done: i + 1, total: count });
    });
    post({ kind: 'done', total: count, disagreements, invalid, ms: performance.now() - t0 });
  } catch (err) {
    post({ kind: 'error', message: err instanceof Error ? err.message : String(err) });
  }
};
