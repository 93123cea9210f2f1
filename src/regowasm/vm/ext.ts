// Dispatch for the builtins added after the first 73 (ids from EXT_BASE on; names in
// builtins.ts NAMES). Implementations live in ext_data.ts, ext_text.ts, hash.ts,
// ext_patch.ts, ext_time.ts, cidr.ts, regex.ts and ext_regex.ts.
import { Value, VArr, VSet, T_STR, T_ARR, T_SET, vbool, vstr, asStr, setFrom } from "./values";
import { parseJSONString } from "./json";
import { bits2, bitsNegate, arrayReverse, objectUnionN, objectFilter, jsonFilter, jsonRemove, rangeStep, graphReachable, cidrContainsMatches, marshalWithOptions } from "./ext_data";
import {
  replaceN, b64encode, b64decode, hexOf, hexDecode, utf8, fromBytes, queryEscape, queryUnescape,
  encodeObject, decodeObject, unitsParse, unitsParseBytes, parseSemver, semverCompare,
} from "./ext_text";
import { digest, hmac } from "./hash";
import { cidrIntersects, cidrIsValid, cidrExpand, cidrMerge } from "./cidr";
import { regexValid } from "./regex";
import { jsonPatch } from "./ext_patch";
import { parseDuration, parseRFC3339, timeParts, addDate, timeDiff } from "./ext_time";
import { regexSplit, regexFind, regexReplace, templateMatch } from "./ext_regex";

export const EXT_BASE = 73;

function str(v: Value): bool { return v.t == T_STR; }

function b64(a: Value, url: bool, padded: bool): Value | null {
  if (!str(a)) return null;
  let b = b64decode(asStr(a), url, padded);
  return b === null ? null : vstr(fromBytes(b!));
}

export function callExt(id: i32, a: StaticArray<Value>): Value | null {
  let n = a.length;
  let x = n > 0 ? a[0] : changetype<Value>(0), y = n > 1 ? a[1] : changetype<Value>(0);
  switch (id - EXT_BASE) {
    case 0: case 1: case 2: case 3: case 4: if (n != 2) return null; return bits2(id - EXT_BASE, x, y);
    case 5: if (n != 1) return null; return bitsNegate(x);
    case 6: if (n != 1) return null; return arrayReverse(x);
    case 7: if (n != 1) return null; return objectUnionN(x);
    case 8: if (n != 2) return null; return objectFilter(x, y);
    case 9: if (n != 2) return null; return jsonFilter(x, y);
    case 10: if (n != 2) return null; return jsonRemove(x, y);
    case 11: if (n != 1) return null; return vbool(str(x) && parseJSONString(asStr(x)) !== null);
    case 12: if (n != 3) return null; return rangeStep(x, y, a[2]);
    case 13: if (n != 2) return null; return replaceN(x, y);
    case 14: if (n != 1 || !str(x)) return null; return vstr(b64encode(asStr(x), false, true));
    case 15: if (n != 1) return null; return b64(x, false, true);
    case 16: if (n != 1) return null; return vbool(str(x) && b64decode(asStr(x), false, true) !== null);
    case 17: if (n != 1 || !str(x)) return null; return vstr(b64encode(asStr(x), true, true));
    case 18: if (n != 1 || !str(x)) return null; return vstr(b64encode(asStr(x), true, false));
    case 19: if (n != 1 || !str(x)) return null; return b64(x, true, asStr(x).length % 4 == 0);
    case 20: if (n != 1 || !str(x)) return null; return vstr(hexOf(utf8(asStr(x))));
    case 21: if (n != 1 || !str(x)) return null; return hexDecode(asStr(x));
    case 22: if (n != 1 || !str(x)) return null; return vstr(queryEscape(asStr(x)));
    case 23: {
      if (n != 1 || !str(x)) return null;
      let s = queryUnescape(asStr(x));
      return s === null ? null : vstr(s!);
    }
    case 24: if (n != 1) return null; return encodeObject(x);
    case 25: if (n != 1) return null; return decodeObject(x);
    case 26: if (n != 1) return null; return unitsParse(x);
    case 27: if (n != 1) return null; return unitsParseBytes(x);
    case 28: if (n != 2) return null; return semverCompare(x, y);
    case 29: if (n != 1) return null; return vbool(str(x) && parseSemver(asStr(x)) !== null);
    case 30: case 31: case 32: {
      if (n != 1 || !str(x)) return null;
      return vstr(hexOf(digest(id - EXT_BASE - 30, utf8(asStr(x)))));
    }
    case 33: case 34: case 35: case 36: {
      if (n != 2 || !str(x) || !str(y)) return null;
      return vstr(hexOf(hmac(id - EXT_BASE - 33, utf8(asStr(y)), utf8(asStr(x)))));
    }
    case 37: {
      // constant-time in OPA; timing is not observable here
      if (n != 2 || !str(x) || !str(y)) return null;
      return vbool(asStr(x) == asStr(y));
    }
    case 38: {
      if (n != 2 || !str(x) || !str(y)) return null;
      let r = cidrIntersects(asStr(x), asStr(y));
      if (r < 0) return null;
      return vbool(r == 1);
    }
    case 39: if (n != 1) return null; return vbool(str(x) && cidrIsValid(asStr(x)));
    case 40: if (n != 2) return null; return graphReachable(x, y);
    case 41: if (n != 1) return null; return vbool(str(x) && regexValid(asStr(x)));
    case 42: if (n != 2) return null; return regexSplit(x, y);
    case 43: case 44: if (n != 3) return null; return regexFind(x, y, a[2], id - EXT_BASE == 44);
    case 45: if (n != 3) return null; return regexReplace(x, y, a[2]);
    case 46: if (n != 2) return null; return jsonPatch(x, y);
    case 47: if (n != 2) return null; return cidrContainsMatches(x, y);
    case 48: {
      if (n != 1 || !str(x)) return null;
      let addrs = cidrExpand(asStr(x));
      if (addrs === null) return null;
      let out = new Array<Value>();
      for (let i = 0; i < addrs!.length; i++) out.push(vstr(addrs![i]));
      return setFrom(out);
    }
    case 49: if (n != 1 || !str(x)) return null; return vbool(true);
    case 50: if (n != 1) return null; return parseDuration(x);
    case 51: if (n != 1) return null; return parseRFC3339(x);
    case 52: case 53: case 54: if (n != 1 && n != 2) return null; return timeParts(x, id - EXT_BASE - 52, n == 2 ? y : null);
    case 55: if (n != 4) return null; return templateMatch(x, y, a[2], a[3]);
    case 56: if (n != 1 && n != 2) return null; return timeParts(x, 3, n == 2 ? y : null);
    case 57: if (n != 4) return null; return addDate(x, y, a[2], a[3]);
    case 59: if (n != 2) return null; return marshalWithOptions(x, y);
    case 60: if (n != 2 && n != 3) return null; return timeDiff(x, y, n == 3 ? a[2] : null);
    case 58: {
      if (n != 1 || (x.t != T_ARR && x.t != T_SET)) return null;
      let items = x.t == T_ARR ? changetype<VArr>(x).items : changetype<VSet>(x).items;
      let strs = new Array<string>();
      for (let i = 0; i < items.length; i++) { if (!str(items[i])) return null; strs.push(asStr(items[i])); }
      let merged = cidrMerge(strs);
      if (merged === null) return null;
      let out = new Array<Value>();
      for (let i = 0; i < merged!.length; i++) out.push(vstr(merged![i]));
      return setFrom(out);
    }
  }
  return null;
}
