/**
 * `to.push(...from)` passes every element as an argument, and V8 throws "Maximum call
 * stack size exceeded" once that is some 100,000 elements (a 100,000-role build's
 * diagnostics did). Appending in a loop has no such limit.
 */
export function appendAll<T>(to: T[], from: Iterable<T>): T[] {
  for (const x of from) to.push(x);
  return to;
}
