/** INTERIM: the example sets built by `rolec build` at bundle time (see vite.config.ts). */
import prebuilt from 'virtual:rolec-prebuilt';
import type { SourceFile } from './protocol.ts';

export function prebuiltFor(files: SourceFile[]): Record<string, Uint8Array> | undefined {
  const key = JSON.stringify(files.map((f) => [f.path, f.text]));
  const hit = (prebuilt as { key: string; files: Record<string, string> }[]).find((p) => p.key === key);
  if (!hit) return undefined;
  return Object.fromEntries(Object.entries(hit.files).map(([p, b64]) => [p, Uint8Array.from(atob(b64), (c) => c.charCodeAt(0))]));
}
