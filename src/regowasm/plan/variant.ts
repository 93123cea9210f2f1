/**
 * Which compiled copy of a document / function a call targets: '' is the memoised one.
 * Under `with` (input or data differ from the evaluation's) calls go to non-memoised copies,
 * 'w' followed by one '\u0001<path JSON>' per rule document the `with` replaced — those
 * copies read such documents from the patched data instead of computing them.
 */
export type Variant = string;

export function variantOverrides(v: Variant): string[] {
  return v === '' ? [] : v.split('\u0001').slice(1);
}

/** A function mock entry of a Variant: [replaced name, replacement name | null, value JSON | null]. */
export function mockOf(entry: string): [string, string | null, string | null] | undefined {
  return entry.startsWith('F') ? (JSON.parse(entry.slice(1)) as [string, string | null, string | null]) : undefined;
}

/** The mock entries of a variant whose value is computed at run time (`with f as x`): the
 *  copies take these values as extra parameters 2, 3, … after input and data, in this order. */
export function dynamicMocks(v: Variant): string[] {
  return variantOverrides(v).filter((e) => {
    const m = mockOf(e);
    return m !== undefined && m[1] === null && m[2] === null;
  });
}
