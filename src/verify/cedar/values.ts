/**
 * Symbolic Cedar values: what an EST expression evaluates to, statically typed (the
 * emitted policies are validated against their schema, so every expression has one type)
 * and carrying SMT terms where the value depends on the request.
 */
import type { Cidr } from '../ip.ts';
import type { Term } from '../term.ts';
import type { EntityRefJson } from './policies.ts';

/** An entity: one of the request's three, or a literal `Type::"id"`. */
export type EntityVal = { kind: 'principal' } | { kind: 'resource' } | { kind: 'action' } | { kind: 'literal'; uid: EntityRefJson };

export interface AttrSlot {
  /** The attribute exists on this value (for this request). */
  present: Term;
  value: CVal;
}

export type CVal =
  | { k: 'bool'; t: Term }
  | { k: 'string'; t: Term }
  | { k: 'long'; t: Term }
  /** One IP address (request attributes are addresses, never ranges). */
  | { k: 'ip'; t: Term }
  /** An `ip("…")` of a literal: an address or a range, known statically. */
  | { k: 'iplit'; c: Cidr }
  | { k: 'set'; elem: 'string' | 'long'; t: Term }
  /** A literal set of entities (`[Action::"a", …]`). */
  | { k: 'entities'; items: EntityVal[] }
  | { k: 'entity'; e: EntityVal }
  /** A record: its attributes by name (undefined: the record type has no such attribute). */
  | { k: 'record'; attr: (name: string) => AttrSlot | undefined }
  /** The value of a construct that is not encoded (reported as such). */
  | { k: 'unencoded' };

/** A value and the condition under which computing it is an evaluation error. */
export interface Evaluated {
  v: CVal;
  err: Term;
}
