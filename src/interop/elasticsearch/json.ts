/** The input as parsed JSON/YAML: unknown values, narrowed where read. */
export type Json = unknown;

export const isObj = (x: Json): x is Record<string, Json> => typeof x === 'object' && x !== null && !Array.isArray(x);
