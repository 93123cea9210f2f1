/**
 * `watchBundle(url, { engine, verificationKey, onUpdate })`: keep an Authorizer current
 * with a bundle served over HTTP(S) — a built policy set as `.tar.gz` (or Rego's OPA
 * bundle with `requestSchema`). It polls with `If-None-Match` (the server answers 304
 * while the ETag holds), loads a new revision completely — integrity, signature, engine —
 * and only then swaps it in: decisions always come from one fully loaded bundle, the old
 * one until the new one has verified. Any failure (network, HTTP status, a bundle that
 * does not verify or load) keeps the old revision and backs off exponentially.
 */
import { createAuthorizer, type NodeAuthorizerOptions } from './node.ts';
import type { Authorizer } from './authorizer.ts';
import type { Decision } from '../engines/decision.ts';

export interface WatchOptions extends NodeAuthorizerOptions {
  /** Called after a new revision is loaded and swapped in. */
  onUpdate?: (authorizer: Authorizer, info: { etag?: string; bytes: number }) => void;
  /** Called when a poll fails; the current revision stays. */
  onError?: (error: unknown) => void;
  /** Poll interval in ms (default 30 s). */
  intervalMs?: number;
  /** Longest backoff after failures, in ms (default 5 min). */
  maxBackoffMs?: number;
  /** Largest bundle accepted, in bytes (default 64 MiB). */
  maxBundleBytes?: number;
  /** Extra request headers (authentication). */
  headers?: Record<string, string>;
}

export interface BundleWatch {
  /** The current authorizer (undefined until the first revision loads). */
  current(): Authorizer | undefined;
  /** Resolves with the first loaded authorizer. */
  readonly ready: Promise<Authorizer>;
  /** A decision from the current revision; throws while none is loaded. */
  decide(request: unknown): Decision;
  /** Polls once now (resolves when that poll has finished). */
  poll(): Promise<void>;
  stop(): void;
}

export function watchBundle(url: string | URL, options: WatchOptions): BundleWatch {
  const interval = options.intervalMs ?? 30_000;
  const maxBackoff = options.maxBackoffMs ?? 300_000;
  const maxBytes = options.maxBundleBytes ?? 64 * 1024 * 1024;
  let current: Authorizer | undefined;
  let etag: string | undefined;
  let failures = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;
  let inFlight: Promise<void> | undefined;
  let resolveReady!: (a: Authorizer) => void;
  const ready = new Promise<Authorizer>((resolve) => (resolveReady = resolve));

  async function fetchAndLoad(): Promise<void> {
    const headers: Record<string, string> = { ...options.headers };
    if (etag !== undefined && current) headers['If-None-Match'] = etag;
    const res = await fetch(url, { headers });
    if (res.status === 304) return;
    if (!res.ok) throw new Error(`bundle server answered ${res.status} ${res.statusText}`);
    const declared = Number(res.headers.get('content-length') ?? '0');
    if (declared > maxBytes) throw new Error(`bundle of ${declared} bytes exceeds maxBundleBytes ${maxBytes}`);
    const bytes = new Uint8Array(await res.arrayBuffer());
    if (bytes.length > maxBytes) throw new Error(`bundle of ${bytes.length} bytes exceeds maxBundleBytes ${maxBytes}`);
    const { onUpdate: _u, onError: _e, intervalMs: _i, maxBackoffMs: _m, maxBundleBytes: _b, headers: _h, ...load } = options;
    const next = await createAuthorizer(bytes, load); // throws before any swap
    if (stopped) return;
    current = next;
    etag = res.headers.get('etag') ?? undefined;
    resolveReady(next);
    options.onUpdate?.(next, { ...(etag !== undefined ? { etag } : {}), bytes: bytes.length });
  }

  /** One poll at a time: a poll asked for during another runs after it. */
  async function poll(): Promise<void> {
    while (inFlight) await inFlight;
    inFlight = (async () => {
      try {
        await fetchAndLoad();
        failures = 0;
      } catch (err) {
        failures++;
        options.onError?.(err);
      }
    })();
    try {
      await inFlight;
    } finally {
      inFlight = undefined;
    }
  }

  function schedule(): void {
    if (stopped) return;
    const delay = failures === 0 ? interval : Math.min(maxBackoff, interval * 2 ** Math.min(failures, 20));
    timer = setTimeout(() => void poll().then(schedule), delay);
    timer.unref?.();
  }

  void poll().then(schedule);
  return {
    current: () => current,
    ready,
    decide(request) {
      const authz = current;
      if (!authz) throw new Error(`no bundle loaded yet from ${String(url)}`);
      return authz.decide(request);
    },
    poll,
    stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
    },
  };
}
