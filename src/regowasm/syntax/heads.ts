/**
 * Rule head classification (see RuleHead in ast.ts): from the head ref as written to
 * ruleKind / path / key / general.
 */
import type { RuleHead } from './ast.ts';

/** Fill `ruleKind`, `path`, `key`, `general` from the head ref (see RuleHead docs). */
export function classifyHead(head: RuleHead, fail: (m: string) => never): void {
  const segs = head.ref.path;
  const leading: string[] = [head.name];
  let firstNonString = segs.findIndex((s) => s.kind !== 'string');
  if (firstNonString < 0) firstNonString = segs.length;
  for (let i = 0; i < firstNonString; i++) leading.push((segs[i] as { value: string }).value);
  if (head.ruleKind === 'function') {
    head.path = leading;
    return;
  }
  if (head.ruleKind === 'partialSet') {
    head.path = leading;
    head.general = firstNonString < segs.length;
    return;
  }
  if (firstNonString === segs.length) {
    head.ruleKind = 'complete';
    head.path = leading;
    return;
  }
  // A non-string segment: the last one is the object key; any earlier one makes it general.
  head.ruleKind = 'partialObject';
  head.key = segs[segs.length - 1]!;
  head.general = firstNonString < segs.length - 1;
  head.path = leading;
  if (head.key.kind === 'var' && head.key.name === '_') fail("'_' cannot be used as a rule key");
}
