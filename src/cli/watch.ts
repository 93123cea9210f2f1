/**
 * `--watch` for `rolec check`, `build` and `test`: run once, then again whenever a watched
 * file changes (Node's own recursive `fs.watch`; bursts of events within {@link SETTLE_MS}
 * make one run, and a change during a run makes one more run after it). The screen is
 * cleared before each run on a terminal (elsewhere a separator line is printed). Ctrl-C
 * (SIGINT) — or `signal` when embedded — stops watching cleanly; the exit code is then 0.
 */
import { watch, type FSWatcher } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';

export const SETTLE_MS = 100;

export interface WatchOptions {
  /** Extensions that trigger a run (e.g. `.role`); others are ignored. */
  extensions: readonly string[];
  out?: { write(s: string): unknown; isTTY?: boolean };
  /** Stops watching (besides SIGINT). */
  signal?: AbortSignal;
}

export async function watchAndRerun(paths: readonly string[], run: () => Promise<number>, opts: WatchOptions): Promise<number> {
  const out = opts.out ?? process.stdout;
  let runs = 0;
  let running: Promise<void> | undefined;
  let again = false;
  const runOnce = async () => {
    runs++;
    out.write(out.isTTY ? '\u001b[2J\u001b[3J\u001b[H' : `── rolec: run ${runs} ──\n`);
    try {
      await run();
    } catch (e) {
      out.write(`rolec: ${e instanceof Error ? e.message : String(e)}\n`);
    }
    out.write(`\nwatching ${paths.join(', ')} for changes — Ctrl-C to stop\n`);
  };
  const trigger = () => {
    if (running) {
      again = true;
      return;
    }
    running = runOnce().finally(() => {
      running = undefined;
      if (again) {
        again = false;
        trigger();
      }
    });
  };

  let timer: ReturnType<typeof setTimeout> | undefined;
  const watchers: FSWatcher[] = [];
  for (const p of paths) {
    const info = await stat(p).catch(() => undefined);
    if (!info) continue;
    const dir = info.isDirectory() ? p : path.dirname(p);
    const only = info.isDirectory() ? undefined : path.basename(p);
    watchers.push(
      watch(dir, { recursive: info.isDirectory() }, (_event, name) => {
        const file = name?.toString();
        if (file && only && path.basename(file) !== only) return;
        if (file && !opts.extensions.some((e) => file.endsWith(e))) return;
        clearTimeout(timer);
        timer = setTimeout(trigger, SETTLE_MS);
      }),
    );
  }
  trigger();
  await new Promise<void>((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      opts.signal?.removeEventListener('abort', stop);
      resolve();
    };
    process.once('SIGINT', stop);
    opts.signal?.addEventListener('abort', stop);
  });
  clearTimeout(timer);
  for (const w of watchers) w.close();
  await running;
  out.write('stopped watching\n');
  return 0;
}
