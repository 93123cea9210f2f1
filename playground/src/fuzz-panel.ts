/** The Fuzz controls, progress bar and result list (the work runs in fuzz-worker.ts). */
import { h } from './dom.ts';
import type { FuzzReply, SourceFile } from './protocol.ts';

export class FuzzPanel {
  readonly count = h('input', { type: 'number', min: '1', max: '100000', value: '500', 'data-testid': 'fuzz-count', 'aria-label': 'requests to generate' });
  readonly button = h('button', { type: 'button', 'data-testid': 'fuzz' }, 'Fuzz');
  readonly controls = h('span', { class: 'fuzz-controls' }, this.button, this.count, ' requests');
  readonly progress = h('progress', { 'data-testid': 'fuzz-progress', value: '0', max: '1' });
  private readonly summary = h('p', { 'data-testid': 'fuzz-summary' });
  private readonly list = h('ul', { class: 'issues', 'data-testid': 'fuzz-disagreements' });
  readonly results = h('div', { class: 'fuzz-results' }, this.summary, this.list);
  private sources: { sources: SourceFile[]; files: Record<string, Uint8Array> } | undefined;
  private worker: Worker | undefined;
  private seed = 0;

  constructor(private readonly load: (request: unknown) => void) {
    this.button.addEventListener('click', () => this.run());
  }

  /** The policy set the next run fuzzes (the latest successful build). */
  setSources(sources: SourceFile[], files: Record<string, Uint8Array>) {
    this.sources = { sources, files };
  }

  reset() {
    this.worker?.terminate();
    this.worker = undefined;
    this.progress.value = 0;
    this.summary.textContent = '';
    this.list.replaceChildren();
  }

  private run() {
    if (!this.sources) {
      this.summary.textContent = 'nothing built yet: fix the errors first';
      return;
    }
    this.reset();
    const count = Math.max(1, Math.min(100_000, Math.floor(Number(this.count.value)) || 500));
    this.progress.max = count;
    this.summary.textContent = `fuzzing ${count} requests…`;
    const worker = (this.worker = new Worker(new URL('./fuzz-worker.ts', import.meta.url), { type: 'module' }));
    worker.onmessage = (e: MessageEvent<FuzzReply>) => {
      const r = e.data;
      if (r.kind === 'progress') {
        this.progress.value = r.done;
        return;
      }
      worker.terminate();
      if (r.kind === 'error') {
        this.summary.textContent = `fuzz failed: ${r.message}`;
        return;
      }
      const invalid = r.invalid.length ? `, ${r.invalid.length} rejected by the request schema` : '';
      this.summary.textContent = `${r.total} requests, ${r.disagreements.length} disagreements${invalid} (seed ${this.seed}, ${(r.ms / 1000).toFixed(1)} s)`;
      this.summary.dataset['disagreements'] = String(r.disagreements.length);
      this.list.replaceChildren(
        ...r.disagreements.map((d) =>
          h('li', {}, h('button', { type: 'button', onclick: () => this.load(d.request) }, 'Load'), ` ${d.differences.join('; ')}`),
        ),
      );
    };
    const { sources, files } = this.sources;
    const seed = Date.now() % 2 ** 31;
    this.seed = seed;
    worker.postMessage({ sources, files, count, seed });
  }
}
