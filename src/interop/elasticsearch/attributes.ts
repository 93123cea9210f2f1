/**
 * The schema an import needs: every document field a DLS query tests and every user
 * value a template or mapping rule reads, with the type its use implies. Document fields
 * are optional (an indexed document may lack any field); user values substituted into a
 * query template are required (Elasticsearch would substitute an empty string for a
 * missing one, which is not rolec's "unknown"); user metadata only tested by mapping
 * rules is optional (a field rule on missing metadata is false).
 */
import type { AttrType } from '../../semantics/ir.ts';
import type { Sink } from './diagnostics.ts';

export interface AttrUse {
  type: AttrType;
  optional: boolean;
}

export const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;

export class AttributeSet {
  readonly user = new Map<string, AttrUse>();
  readonly document = new Map<string, AttrUse>();

  /** Records a use; false (with I0023/I0024) when it conflicts or the name cannot be one. */
  use(scope: 'user' | 'document', name: string, use: AttrUse, sink: Sink, path: string, entry?: string): boolean {
    if (!IDENT.test(name)) {
      sink.report('I0024', path, `${scope === 'user' ? 'user metadata key' : 'document field'} "${name}" is not a .role attribute name (identifiers only, no dots)`, entry);
      return false;
    }
    const map = scope === 'user' ? this.user : this.document;
    const prev = map.get(name);
    if (prev && prev.type !== use.type) {
      sink.report('I0023', path, `${scope}.${name} is used as ${prev.type} elsewhere and as ${use.type} here`, entry);
      return false;
    }
    map.set(name, { type: use.type, optional: prev ? prev.optional && use.optional : use.optional });
    return true;
  }
}
