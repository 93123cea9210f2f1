/**
 * A policy set's declared build targets: `rolec.json` beside its `.role` files,
 * `{"targets": ["cedar", "rego"]}` (validated with ajv). `rolec build` without `--target`
 * builds each set for its declared targets, or for every registered target when it
 * declares none — so a set that uses constructs a target rejects (denies, context
 * conditions for `elasticsearch`) says so once, in the set, and the default stays "all".
 * `--target` on the command line overrides every declaration.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';

export const SET_CONFIG_FILE = 'rolec.json';

const validate = new Ajv({ allErrors: true }).compile({
  type: 'object',
  additionalProperties: false,
  required: ['targets'],
  properties: { targets: { type: 'array', minItems: 1, uniqueItems: true, items: { type: 'string' } } },
});

/** The targets a policy set (one directory) declares; undefined when it declares none. */
export function declaredTargets(set: readonly string[], known: readonly string[]): { targets?: string[]; error?: string } {
  if (set.length !== 1 || !statSync(set[0]!).isDirectory()) return {};
  const file = join(set[0]!, SET_CONFIG_FILE);
  if (!existsSync(file)) return {};
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    return { error: `${file}: not JSON: ${(err as Error).message}` };
  }
  if (!validate(data)) return { error: `${file}: ${validate.errors?.map((e) => `${e.instancePath || '/'} ${e.message}`).join('; ')}` };
  const targets = (data as { targets: string[] }).targets;
  const unknown = targets.filter((t) => !known.includes(t));
  if (unknown.length > 0) return { error: `${file}: unknown target ${unknown.join(', ')} (known: ${known.join(', ')})` };
  return { targets };
}
