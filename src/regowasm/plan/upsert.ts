/**
 * `with` support: copies of input / data with one path replaced.
 */
import type { Frame, StringTable } from './emitter.ts';
import type { Local, Operand } from './ir.ts';

/** Emits a copy of `root` with `path` set to `v` (missing or non-object levels become {});
 *  returns the local holding it. Used by `with`: the original value is never mutated (the
 *  copy is built with object.remove + object.union). */
export function upsert(f: Frame, strings: StringTable, root: Local, path: string[], v: Operand): Local {
  if (path.length === 0) return localOf(f, v);
  const levels: Local[] = [];
  let cur: Local | undefined = root;
  path.forEach((k, i) => {
    const o = f.local();
    f.emit({ op: 'MakeObject', target: o });
    if (cur !== undefined) {
      f.emit({ op: 'Block', blocks: [[{ op: 'IsObject', source: { local: cur } }, { op: 'AssignVar', source: { local: cur }, target: o }]] });
    }
    levels.push(o);
    if (i < path.length - 1) {
      const next = f.local();
      f.emit({ op: 'ResetLocal', target: next });
      f.emit({ op: 'Block', blocks: [[{ op: 'Dot', source: { local: o }, key: { string: strings.intern(k) }, target: next }]] });
      cur = next;
    }
  });
  let value = v;
  for (let i = path.length - 1; i >= 0; i--) {
    const key = { string: strings.intern(path[i]!) };
    const removed = f.local();
    f.emit({ op: 'Call', target: { builtin: 'object.remove' }, args: [{ local: levels[i]! }, { json: strings.intern(JSON.stringify([path[i]])) }], result: removed });
    const single = f.local();
    f.emit({ op: 'MakeObject', target: single });
    f.emit({ op: 'ObjectInsert', key, value, object: single });
    const merged = f.local();
    f.emit({ op: 'Call', target: { builtin: 'object.union' }, args: [{ local: removed }, { local: single }], result: merged });
    value = { local: merged };
  }
  return localOf(f, value);
}

function localOf(f: Frame, v: Operand): Local {
  if ('local' in v) return v.local;
  const l = f.local();
  f.emit({ op: 'AssignVar', source: v, target: l });
  return l;
}

