/**
 * The engine-neutral request (../shared/spec/product.md, "Requests"). Every backend
 * adapts this one shape to its engine's input; it is validated against the policy
 * set's generated `request.schema.json` before any engine sees it.
 */

export type AttrValue = string | number | boolean | string[] | number[];

export interface RequestPrincipal {
  type: 'user' | 'api_key';
  id: string;
  realm?: string;
  /** Group names (e.g. LDAP DNs); absent = none. */
  groups?: string[];
  /** Role names the authenticated principal carries; unknown names are ignored. */
  roles?: string[];
  /** The policy set's `user` attributes (required ones must be present). */
  attributes?: Record<string, AttrValue>;
}

export type ResourceType =
  | 'cluster'
  | 'index'
  | 'document'
  | 'field'
  | 'user'
  | 'application'
  | 'organization'
  | 'deployment';

export interface RequestResource {
  type: ResourceType;
  /** index, document, field */
  index?: string;
  /** field */
  field?: string;
  /** user (run_as target username) */
  name?: string;
  /** application */
  application?: string;
  /** application resource, e.g. "space:marketing" */
  resource?: string;
  /** Deployment targeted (required for type `deployment`; optional for stack requests). */
  deployment?: string;
  /** Document attributes: required for `document`, optional for `field` (then the
   *  request *names a document*). */
  attributes?: Record<string, AttrValue>;
}

export interface Request {
  principal: RequestPrincipal;
  /** A privilege name: cluster/index/cloud privilege, `run_as`, or an application privilege. */
  action: string;
  resource: RequestResource;
  /** The policy set's `context` attributes. */
  context?: Record<string, AttrValue>;
}
