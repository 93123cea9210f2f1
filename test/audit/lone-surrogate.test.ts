/**
 * Regression for a bug the spec audit found: a lone UTF-16 surrogate — a valid JSON escape
 * (`"\ud800"`) but no Unicode character — crashed rolec. In a policy string it compiled
 * and built, then cedar-wasm failed to load the policies ("internal error: unexpected end
 * of hex escape"); in a request it passed validation, Cedar failed (engine error) and Rego
 * decided. language.md §2: no input crashes the compiler; product.md "Requests": an
 * invalid request gets a clear error naming the path, never a decision. Both are now
 * rejected (E0103 in the lexer; a request issue at the string's JSON pointer).
 */
import { describe, expect, it } from 'vitest';
import { checkSources } from '../../src/semantics/index.ts';
import { requestSchema } from '../../src/request/schema.ts';
import { requestValidator } from '../../src/request/validate.ts';

describe('lone surrogates are rejected, pairs are characters', () => {
  it.each([
    ['role r { index "a\\ud800*" privileges read }', '1:18'],
    ['role r { index "x\\udc00" privileges read }', '1:18'],
    ['role r { index "\\ud800\\ud800" privileges read }', '1:17'],
  ])('%s is E0103 at %s with no IR', (text, at) => {
    const r = checkSources([{ path: 'a.role', text }]);
    expect(r.ir).toBeUndefined();
    expect(r.diagnostics.map((d) => `${d.code} ${d.span.start.line}:${d.span.start.col}`)).toContain(`E0103 ${at}`);
  });

  it.each([
    ['role r { index "a\ud800*" privileges read }', '1:18'],
    ['role r { index "\udfffa*" privileges read }', '1:17'],
    ['role r { index "a*\ud83d" privileges read }', '1:19'],
  ])('a raw lone surrogate in a string handed to the library (%#) is E0125 at %s, with no IR and no build', (text, at) => {
    const r = checkSources([{ path: 'a.role', text }]);
    expect(r.ir).toBeUndefined();
    expect(r.diagnostics.map((d) => `${d.code} ${d.span.start.line}:${d.span.start.col}`)).toEqual([`E0125 ${at}`]);
  });

  it('a raw surrogate pair in a string is the astral character it spells', () => {
    const raw = checkSources([{ path: 'a.role', text: 'role r { index "a\ud83d\ude00*" privileges read }' }]);
    expect(raw.diagnostics).toEqual([]);
    expect(JSON.stringify(raw.ir!.roles)).toContain('a😀*');
  });

  it('an escaped surrogate pair is one astral character, as written literally', () => {
    const escaped = checkSources([{ path: 'a.role', text: 'role r { index "a\\ud83d\\ude00*" privileges read }' }]);
    const literal = checkSources([{ path: 'a.role', text: 'role r { index "a😀*" privileges read }' }]);
    expect(escaped.diagnostics).toEqual([]);
    expect(JSON.stringify(escaped.ir!.roles)).toBe(JSON.stringify(literal.ir!.roles));
  });

  const ir = checkSources([{ path: 'a.role', text: 'schema { user { tags: Set<String> } }\nrole r { index "a*" privileges read }\n' }]).ir!;
  const validate = requestValidator(requestSchema(ir));
  const request = (id: string, tags: string[]) => ({ principal: { type: 'user', id, attributes: { tags } }, action: 'read', resource: { type: 'index', index: 'a😀' } });

  it('a request string with a lone surrogate is invalid at its pointer', () => {
    expect(validate(request('u\ud800', []))).toEqual([{ pointer: '/principal/id', message: 'is not well-formed Unicode (lone surrogate)' }]);
    expect(validate(request('u', ['ok', '\udfff']))).toEqual([{ pointer: '/principal/attributes/tags/1', message: 'is not well-formed Unicode (lone surrogate)' }]);
  });

  it('astral characters stay valid', () => {
    expect(validate(request('u😀', ['😀']))).toEqual([]);
  });
});
