/**
 * Planner IR: the contract between the Rego planner (Rego AST → this IR) and the
 * Wasm VM that executes it (src/regowasm/vm/, program bytes from ./encode.ts).
 *
 * Modelled on OPA's planner IR (package `ir`): a policy is a table of static strings,
 * a list of functions (one per rule set / user function) and a list of plans (one per
 * entrypoint). Bodies are blocks of statements over numbered locals.
 *
 * ── Execution model (normative; the VM implements exactly this) ──────────────────────
 * - A Block is a list of statements run in order.
 * - Every "test" statement (Equal, LessThan, IsDefined, Dot on a missing key, a builtin
 *   call that errors or is undefined, a user-function call whose return local stays
 *   undefined, …) that FAILS behaves like `Break(0)`: it leaves the innermost
 *   enclosing block. Execution continues after that block in its parent.
 * - `Break(n)` leaves the current block and n more enclosing blocks. The blocks that
 *   count are: the blocks of a BlockStmt, the body of a Scan, the body of a Not.
 *   (Function and plan block lists are the outermost level: breaking out of one of
 *   their blocks moves on to the next block of the list.)
 * - `BlockStmt{blocks}` runs each block in turn; a block that is left (by failure or
 *   Break(0)) does not stop the following blocks — this is how a rule with several
 *   bodies, or an `else` chain guarded by IsUndefined, is expressed.
 * - `Scan` runs its body once per element (array: key = index; object: key/value;
 *   set: key = value = element; any other value: no iteration, the Scan succeeds).
 *   A body left by failure/Break(0) moves on to the next element. A body left with
 *   Break(k), k ≥ 1, stops the scan and the Scan statement behaves like Break(k-1).
 *   Elements are visited in Rego order (arrays by index, objects by key, sets sorted).
 * - `Not{block}`: runs the block; if it ran to its end the Not FAILS; if it was left by
 *   a failure/Break(0) the Not SUCCEEDS. Break(k ≥ 1) propagates as Break(k-1).
 * - Locals are per call frame and start undefined. Plans: local 0 = input (undefined
 *   when no input was given), local 1 = data. Functions: params are assigned from the
 *   call's args in order (an undefined arg stays undefined in the callee — needed for the
 *   input param when no input is given); after the function's blocks have run, the value of its
 *   `result` local is the call's value (undefined → the Call FAILS).
 * - Functions with `memo: true` must have exactly the two params (input, data): the VM
 *   caches their value (also undefined) for the rest of one evaluation.
 * - Builtin calls: `Call{target: {builtin: name}}` — an unknown builtin name is a
 *   load-time error (the VM aborts at instantiation); a builtin error (wrong operand
 *   types, bad regex, …) makes the Call FAIL (OPA non-strict mode).
 * - Evaluation errors abort the whole evaluation via env.opa_abort (the SDK throws):
 *   AssignVarOnce to a local holding a different value, ObjectInsertOnce of an existing
 *   key with a different value, and the explicit `Abort` statement. Their message is
 *   `message` (a string index) when given, else a fixed default (see DEFAULT_MESSAGES).
 * - `ResultSetAdd{value}` adds the value (normally an object like {"result": v}, built
 *   by the planner) to the evaluation's result set; the set is returned to the SDK as a
 *   JSON array (sorted, duplicates removed). A plan that adds nothing returns `[]`.
 *
 *
 * ── Planner idioms (all exercised in test/regowasm/vm/semantics.test.ts) ─────────────
 * - Rule with several bodies / else / default: one Func; each body a block ending in
 *   AssignVarOnce(value → result); `else` and `default` bodies start with
 *   IsUndefined(result). Partial set: first block MakeSet(result), bodies SetAdd.
 *   Partial object: MakeObject(result), bodies ObjectInsertOnce.
 * - `not expr`: Not{ block computing expr }. For a ref used as a condition, test it with
 *   NotEqual(x, false) (defined and not false).
 * - Existential inside Not (`every`, `not` over iteration): a Scan always completes, so
 *   record success in a flag local in the body and test IsDefined(flag) after the Scan.
 *   Do NOT Break out of the scan body there: leaving the Not's block makes the Not
 *   succeed.
 * - `data.a.b` with rules: call the rule's Func; for a prefix that mixes base data and
 *   rules, build the rule part with MakeObject/ObjectInsert and ObjectMerge it with the
 *   base document (Dot on local 1).
 * - Builtin errors need nothing: the Call fails (undefined), like OPA non-strict.
 *
 * Values: null, boolean, number, string, array, object, set — Rego's ordering across
 * types null < boolean < number < string < array < object < set; `1 == 1.0`;
 * arrays never equal sets. Collections are immutable from the program's point of view
 * EXCEPT through ArrayAppend / ObjectInsert(Once) / SetAdd on a local that the same
 * frame created with MakeArray/MakeObject/MakeSet (the planner must not mutate values
 * that came from input, data, constants or another function).
 */

/** A local variable slot in the current frame (0-based). */
export type Local = number;

/** An operand: a local, or a constant. `string`/`number` index Policy.strings. */
export type Operand =
  | { local: Local }
  | { bool: boolean }
  | { null: true }
  /** Number literal: Policy.strings[index] is its JSON/Rego text, e.g. "1", "-2.5e3". */
  | { number: number }
  | { string: number }
  /** Any constant value: Policy.strings[index] is its JSON text (decoded once at load). */
  | { json: number };

export type Statement =
  // ── control flow ──
  | { op: 'Block'; blocks: Block[] }
  | { op: 'Break'; index: number }
  | { op: 'Scan'; source: Operand; key: Local; value: Local; block: Block }
  | { op: 'Not'; block: Block }
  | { op: 'Abort'; message: number }
  // ── calls ──
  | { op: 'Call'; target: CallTarget; args: Operand[]; result: Local }
  | { op: 'ResultSetAdd'; value: Local }
  // ── locals ──
  | { op: 'AssignVar'; source: Operand; target: Local }
  | { op: 'AssignVarOnce'; source: Operand; target: Local; message?: number }
  | { op: 'ResetLocal'; target: Local }
  | { op: 'ReturnLocal'; source: Local } // no-op marker kept for OPA parity; Func.result is authoritative
  // ── lookups ──
  /** target := source[key]; FAILS when source is not a collection or key is absent
   *  (array: key must be an integer number in range; set: key must be a member → key). */
  | { op: 'Dot'; source: Operand; key: Operand; target: Local }
  /** target := count(source) for array/object/set, rune count for string; else FAILS. */
  | { op: 'Len'; source: Operand; target: Local }
  // ── tests (FAIL when false) ──
  | { op: 'Equal'; a: Operand; b: Operand }
  | { op: 'NotEqual'; a: Operand; b: Operand }
  | { op: 'LessThan'; a: Operand; b: Operand }
  | { op: 'LessThanEqual'; a: Operand; b: Operand }
  | { op: 'GreaterThan'; a: Operand; b: Operand }
  | { op: 'GreaterThanEqual'; a: Operand; b: Operand }
  | { op: 'IsDefined'; source: Local }
  | { op: 'IsUndefined'; source: Local }
  | { op: 'IsArray'; source: Operand }
  | { op: 'IsObject'; source: Operand }
  | { op: 'IsSet'; source: Operand }
  // ── construction (mutates only frame-created collections, see above) ──
  | { op: 'MakeArray'; capacity: number; target: Local }
  | { op: 'MakeObject'; target: Local }
  | { op: 'MakeSet'; target: Local }
  | { op: 'ArrayAppend'; value: Operand; array: Local }
  /** object[key] := value, overwriting. */
  | { op: 'ObjectInsert'; key: Operand; value: Operand; object: Local }
  /** object[key] := value; aborts when key exists with a different value. */
  | { op: 'ObjectInsertOnce'; key: Operand; value: Operand; object: Local; message?: number }
  | { op: 'SetAdd'; value: Operand; set: Local }
  /** target := deep merge of objects a and b (a's values win on non-object conflicts,
   *  nested objects merged recursively); FAILS unless both are objects. Used to combine
   *  base documents under data with rule-generated ones. */
  | { op: 'ObjectMerge'; a: Operand; b: Operand; target: Local };

export type CallTarget = { func: number } | { builtin: string };

export type Block = Statement[];

export interface Func {
  /** Diagnostic name, e.g. "g0.data.rolec.authz.allow". */
  name: string;
  params: Local[];
  result: Local;
  /** Number of locals the frame needs (max local index + 1). */
  locals: number;
  blocks: Block[];
  memo?: boolean;
}

export interface Plan {
  /** Entrypoint name as the SDK sees it, e.g. "rolec/authz/decision". */
  name: string;
  locals: number;
  blocks: Block[];
}

export interface Policy {
  /** Static strings (UTF-8 text), indexed by operands and messages. */
  strings: string[];
  funcs: Func[];
  /** Entrypoint id = index in this list. */
  plans: Plan[];
}

export const DEFAULT_MESSAGES = {
  AssignVarOnce: 'eval_conflict_error: complete rules must not produce multiple outputs',
  ObjectInsertOnce: 'eval_conflict_error: object keys must be unique',
} as const;

/** The builtins the VM implements, by OPA name (arity in comments in docs/regowasm.md). */
export const VM_BUILTINS = [
  // comparison (return booleans; the test statements are cheaper when no value is needed)
  'equal', 'neq', 'lt', 'lte', 'gt', 'gte',
  // arithmetic and sets
  'plus', 'minus', 'mul', 'div', 'rem', 'abs', 'round', 'ceil', 'floor',
  'and', 'or', 'intersection', 'union',
  // aggregates
  'count', 'sum', 'product', 'max', 'min', 'sort', 'all', 'any',
  // strings
  'startswith', 'endswith', 'contains', 'lower', 'upper', 'concat', 'split', 'replace',
  'substring', 'indexof', 'trim', 'trim_left', 'trim_right', 'trim_prefix', 'trim_suffix',
  'trim_space', 'sprintf', 'format_int', 'strings.reverse',
  // patterns
  'glob.match', 'glob.quote_meta', 'regex.match',
  // objects / arrays
  'object.get', 'object.keys', 'object.remove', 'object.union', 'array.concat', 'array.slice',
  // network
  'net.cidr_contains',
  // types
  'is_string', 'is_number', 'is_boolean', 'is_array', 'is_set', 'is_object', 'is_null',
  'type_name', 'to_number',
  // encoding
  'json.marshal', 'json.unmarshal',
] as const;

export type VmBuiltin = (typeof VM_BUILTINS)[number];

/** Builtins added to the VM after VM_BUILTINS was frozen (kept separate so code typed
 *  against VM_BUILTINS keeps compiling); with their arity. */
export const VM_BUILTINS_EXTRA = {
  'strings.any_prefix_match': 2, 'strings.any_suffix_match': 2, 'object.subset': 2,
  indexof_n: 2, 'strings.count': 2, 'numbers.range': 2,
  'bits.and': 2, 'bits.or': 2, 'bits.xor': 2, 'bits.lsh': 2, 'bits.rsh': 2, 'bits.negate': 1,
  'array.reverse': 1, 'object.union_n': 1, 'object.filter': 2, 'json.filter': 2, 'json.remove': 2,
  'json.is_valid': 1, 'numbers.range_step': 3, 'strings.replace_n': 2,
  'base64.encode': 1, 'base64.decode': 1, 'base64.is_valid': 1, 'base64url.encode': 1,
  'base64url.encode_no_pad': 1, 'base64url.decode': 1, 'hex.encode': 1, 'hex.decode': 1,
  'urlquery.encode': 1, 'urlquery.decode': 1, 'urlquery.encode_object': 1, 'urlquery.decode_object': 1,
  'units.parse': 1, 'units.parse_bytes': 1, 'semver.compare': 2, 'semver.is_valid': 1,
  'crypto.md5': 1, 'crypto.sha1': 1, 'crypto.sha256': 1,
  'crypto.hmac.md5': 2, 'crypto.hmac.sha1': 2, 'crypto.hmac.sha256': 2, 'crypto.hmac.sha512': 2,
  'crypto.hmac.equal': 2, 'net.cidr_intersects': 2, 'net.cidr_is_valid': 1, 'graph.reachable': 2,
  'regex.is_valid': 1, 'regex.split': 2, 'regex.find_n': 3, 'regex.find_all_string_submatch_n': 3,
  'regex.replace': 3, 'json.patch': 2,
  'net.cidr_contains_matches': 2, 'net.cidr_expand': 1, trace: 1,
  'time.parse_duration_ns': 1, 'time.parse_rfc3339_ns': 1, 'time.date': 1, 'time.clock': 1, 'time.weekday': 1,
  'regex.template_match': 4, 'time.format': 1, 'time.add_date': 4, 'net.cidr_merge': 1,
  'json.marshal_with_options': 2, 'time.diff': 2,
} as const;

/** Arity of every builtin the VM implements (VM_BUILTINS + VM_BUILTINS_EXTRA). */
export const VM_BUILTIN_ARITY: Readonly<Record<string, number>> = {
  equal: 2, neq: 2, lt: 2, lte: 2, gt: 2, gte: 2,
  plus: 2, minus: 2, mul: 2, div: 2, rem: 2, abs: 1, round: 1, ceil: 1, floor: 1,
  and: 2, or: 2, intersection: 1, union: 1,
  count: 1, sum: 1, product: 1, max: 1, min: 1, sort: 1, all: 1, any: 1,
  startswith: 2, endswith: 2, contains: 2, lower: 1, upper: 1, concat: 2, split: 2, replace: 3,
  substring: 3, indexof: 2, trim: 2, trim_left: 2, trim_right: 2, trim_prefix: 2, trim_suffix: 2,
  trim_space: 1, sprintf: 2, format_int: 2, 'strings.reverse': 1,
  'glob.match': 3, 'glob.quote_meta': 1, 'regex.match': 2,
  'object.get': 3, 'object.keys': 1, 'object.remove': 2, 'object.union': 2,
  'array.concat': 2, 'array.slice': 3, 'net.cidr_contains': 2,
  is_string: 1, is_number: 1, is_boolean: 1, is_array: 1, is_set: 1, is_object: 1, is_null: 1,
  type_name: 1, to_number: 1, 'json.marshal': 1, 'json.unmarshal': 1,
  ...VM_BUILTINS_EXTRA,
};
