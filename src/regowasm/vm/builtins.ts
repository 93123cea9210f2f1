// Builtins evaluated inside the module (no opa_builtinN host calls). A builtin returns
// null for "undefined", which is also how errors surface (OPA non-strict mode).
// To add one: give it an id in NAMES (builtin_names.ts), implement it in callBuiltin, list it in
// VM_BUILTINS (src/regowasm/plan/ir.ts) and the table in docs/regowasm.md.
import {
  Value, VArr, VObj, VSet, VNum, T_NULL, T_BOOL, T_NUM, T_STR, T_ARR, T_OBJ, T_SET,
  compare, equal, vbool, vint, vfloat, vstr, numF, isInt, asStr, objGet, newObj, newSet,
  setHas, runeCount, runes, typeName, TRUE, FALSE,
} from "./values";
import { dumpToString, parseJSONString } from "./json";
import { globMatch, globQuoteMeta } from "./glob";
import { regexMatch } from "./regex";
import { cidrContains } from "./cidr";
import { callExt, EXT_BASE } from "./ext";
import { unionObjects } from "./ext_data";
import { elems, fromRunes, intArg, isNum, isStr, strList, toInt } from "./args";
import { aggregate, arith, toNumber } from "./numeric";
import { setIntersect, setMinus, setOf, setUnion, subset } from "./setops";
import { sprintf } from "./sprintf";

function cutset(s: string, set: string, left: bool, right: bool): string {
  let a = 0, b = s.length;
  if (left) while (a < b && set.indexOf(s.charAt(a)) >= 0) a++;
  if (right) while (b > a && set.indexOf(s.charAt(b - 1)) >= 0) b--;
  return s.substring(a, b);
}

function isSpace(c: i32): bool { return c == 32 || (c >= 9 && c <= 13) || c == 0x85 || c == 0xa0; }

export function callBuiltin(id: i32, a: StaticArray<Value>): Value | null {
  let n = a.length;
  switch (id) {
    case 0: if (n != 2) return null; return vbool(compare(a[0], a[1]) == 0);
    case 1: if (n != 2) return null; return vbool(compare(a[0], a[1]) != 0);
    case 2: if (n != 2) return null; return vbool(compare(a[0], a[1]) < 0);
    case 3: if (n != 2) return null; return vbool(compare(a[0], a[1]) <= 0);
    case 4: if (n != 2) return null; return vbool(compare(a[0], a[1]) > 0);
    case 5: if (n != 2) return null; return vbool(compare(a[0], a[1]) >= 0);
    case 6: case 8: case 9: case 10:
      if (n != 2) return null; return arith(id, a[0], a[1]);
    case 7: // minus: numbers or sets
      if (n != 2) return null;
      if (a[0].t == T_SET && a[1].t == T_SET) return setMinus(setOf(a[0]), setOf(a[1]));
      return arith(7, a[0], a[1]);
    case 11: if (n != 1 || !isNum(a[0])) return null;
      return isInt(a[0]) ? vint(changetype<VNum>(a[0]).i < 0 ? -changetype<VNum>(a[0]).i : changetype<VNum>(a[0]).i) : vfloat(Math.abs(numF(a[0])));
    case 12: case 13: case 14: {
      if (n != 1 || !isNum(a[0])) return null;
      if (isInt(a[0])) return a[0];
      let f = numF(a[0]);
      // OPA's round is half away from zero
      let r = id == 12 ? (f < 0 ? -Math.floor(-f + 0.5) : Math.floor(f + 0.5)) : (id == 13 ? Math.ceil(f) : Math.floor(f));
      return vfloat(r);
    }
    case 15: if (n != 2 || a[0].t != T_SET || a[1].t != T_SET) return null; return setIntersect(setOf(a[0]), setOf(a[1]));
    case 16: if (n != 2 || a[0].t != T_SET || a[1].t != T_SET) return null; return setUnion(setOf(a[0]), setOf(a[1]));
    case 17: case 18: {
      if (n != 1 || a[0].t != T_SET) return null;
      let sets = setOf(a[0]).items;
      if (sets.length == 0) return newSet();
      for (let i = 0; i < sets.length; i++) if (sets[i].t != T_SET) return null;
      let acc = setOf(sets[0]);
      for (let i = 1; i < sets.length; i++) acc = id == 17 ? setIntersect(acc, setOf(sets[i])) : setUnion(acc, setOf(sets[i]));
      return acc;
    }
    case 19: {
      if (n != 1) return null;
      let v = a[0];
      switch (v.t) {
        case T_ARR: return vint(changetype<VArr>(v).items.length);
        case T_SET: return vint(changetype<VSet>(v).items.length);
        case T_OBJ: return vint(changetype<VObj>(v).keys.length);
        case T_STR: return vint(runeCount(asStr(v)));
      }
      return null;
    }
    case 20: case 21: case 22: case 23: case 24: case 25: case 26:
      if (n != 1) return null; return aggregate(id, a[0]);
    case 27: if (n != 2 || !isStr(a[0]) || !isStr(a[1])) return null; return vbool(asStr(a[0]).startsWith(asStr(a[1])));
    case 28: if (n != 2 || !isStr(a[0]) || !isStr(a[1])) return null; return vbool(asStr(a[0]).endsWith(asStr(a[1])));
    case 29: if (n != 2 || !isStr(a[0]) || !isStr(a[1])) return null; return vbool(asStr(a[0]).indexOf(asStr(a[1])) >= 0);
    case 30: if (n != 1 || !isStr(a[0])) return null; return vstr(asStr(a[0]).toLowerCase());
    case 31: if (n != 1 || !isStr(a[0])) return null; return vstr(asStr(a[0]).toUpperCase());
    case 32: {
      if (n != 2 || !isStr(a[0])) return null;
      let parts = strList(a[1]);
      if (parts === null) return null;
      return vstr(parts!.join(asStr(a[0])));
    }
    case 33: {
      if (n != 2 || !isStr(a[0]) || !isStr(a[1])) return null;
      let s = asStr(a[0]), d = asStr(a[1]);
      let out = new Array<Value>();
      if (d.length == 0) { let rs = runes(s); for (let i = 0; i < rs.length; i++) out.push(vstr(String.fromCodePoint(rs[i]))); }
      else { let parts = s.split(d); for (let i = 0; i < parts.length; i++) out.push(vstr(parts[i])); }
      return new VArr(out);
    }
    case 34: if (n != 3 || !isStr(a[0]) || !isStr(a[1]) || !isStr(a[2])) return null;
      if (asStr(a[1]).length == 0) { // Go: an empty `old` matches before every rune and at the end
        let rs = runes(asStr(a[0])), by = asStr(a[2]);
        let out = by;
        for (let i = 0; i < rs.length; i++) out += String.fromCodePoint(rs[i]) + by;
        return vstr(out);
      }
      return vstr(asStr(a[0]).replaceAll(asStr(a[1]), asStr(a[2])));
    case 35: {
      if (n != 3 || !isStr(a[0]) || !intArg(a[1]) || !intArg(a[2])) return null;
      let rs = runes(asStr(a[0]));
      let start = toInt(a[1]), len = toInt(a[2]);
      if (start < 0) return null;
      if (start >= <i64>rs.length) return vstr("");
      let stop = len < 0 ? <i64>rs.length : min(<i64>rs.length, start + len);
      return vstr(fromRunes(rs, <i32>start, <i32>stop));
    }
    case 36: {
      if (n != 2 || !isStr(a[0]) || !isStr(a[1])) return null;
      let s = asStr(a[0]);
      if (asStr(a[1]).length == 0) return null; // OPA: error "empty search character"
      let i = s.indexOf(asStr(a[1]));
      if (i < 0) return vint(-1);
      return vint(runeCount(s.substring(0, i)));
    }
    case 37: case 38: case 39: {
      if (n != 2 || !isStr(a[0]) || !isStr(a[1])) return null;
      return vstr(cutset(asStr(a[0]), asStr(a[1]), id != 39, id != 38));
    }
    case 40: {
      if (n != 2 || !isStr(a[0]) || !isStr(a[1])) return null;
      let s = asStr(a[0]), p = asStr(a[1]);
      return vstr(s.startsWith(p) ? s.substring(p.length) : s);
    }
    case 41: {
      if (n != 2 || !isStr(a[0]) || !isStr(a[1])) return null;
      let s = asStr(a[0]), p = asStr(a[1]);
      return vstr(s.endsWith(p) ? s.substring(0, s.length - p.length) : s);
    }
    case 42: {
      if (n != 1 || !isStr(a[0])) return null;
      let s = asStr(a[0]);
      let x = 0, y = s.length;
      while (x < y && isSpace(s.charCodeAt(x))) x++;
      while (y > x && isSpace(s.charCodeAt(y - 1))) y--;
      return vstr(s.substring(x, y));
    }
    case 43: {
      if (n != 2 || !isStr(a[0]) || a[1].t != T_ARR) return null;
      return vstr(sprintf(asStr(a[0]), changetype<VArr>(a[1]).items));
    }
    case 44: {
      if (n != 2 || !isNum(a[0]) || !intArg(a[1])) return null;
      let base = <i32>toInt(a[1]);
      if (base != 2 && base != 8 && base != 10 && base != 16) return null;
      let v = <i64>Math.floor(numF(a[0]));
      if (isInt(a[0])) v = changetype<VNum>(a[0]).i;
      let neg = v < 0;
      let s = (neg ? -v : v).toString(base);
      return vstr(neg ? "-" + s : s);
    }
    case 45: {
      if (n != 1 || !isStr(a[0])) return null;
      let rs = runes(asStr(a[0]));
      rs.reverse();
      return vstr(fromRunes(rs, 0, rs.length));
    }
    case 46: {
      if (n != 3 || !isStr(a[0]) || !isStr(a[2])) return null;
      let delims: Array<string> | null;
      if (a[1].t == T_NULL) delims = new Array<string>();
      else {
        delims = strList(a[1]);
        if (delims === null) return null;
        if (delims!.length == 0) delims!.push(".");
      }
      let r = globMatch(asStr(a[0]), delims!, asStr(a[2]));
      if (r < 0) return null;
      return vbool(r == 1);
    }
    case 47: if (n != 1 || !isStr(a[0])) return null; return vstr(globQuoteMeta(asStr(a[0])));
    case 48: {
      if (n != 2 || !isStr(a[0]) || !isStr(a[1])) return null;
      let r = regexMatch(asStr(a[0]), asStr(a[1]));
      if (r < 0) return null;
      return vbool(r == 1);
    }
    case 49: { // object.get(obj, key | path array, default)
      if (n != 3 || a[0].t != T_OBJ) return null;
      let cur: Value = a[0];
      if (a[1].t == T_ARR) {
        let path = changetype<VArr>(a[1]).items;
        for (let i = 0; i < path.length; i++) {
          let next: Value | null = null;
          if (cur.t == T_OBJ) next = objGet(changetype<VObj>(cur), path[i]);
          else if (cur.t == T_ARR && isInt(path[i])) {
            let k = changetype<VNum>(path[i]).i, items = changetype<VArr>(cur).items;
            if (k >= 0 && k < <i64>items.length) next = items[<i32>k];
          } else if (cur.t == T_SET && setHas(changetype<VSet>(cur), path[i])) next = path[i];
          if (next === null) return a[2];
          cur = next!;
        }
        return cur;
      }
      let r = objGet(changetype<VObj>(a[0]), a[1]);
      return r !== null ? r : a[2];
    }
    case 50: {
      if (n != 1 || a[0].t != T_OBJ) return null;
      return new VSet(changetype<VObj>(a[0]).keys.slice(0));
    }
    case 51: {
      if (n != 2 || a[0].t != T_OBJ) return null;
      let rm = elems(a[1]);
      let o = changetype<VObj>(a[0]);
      let out = newObj();
      for (let i = 0; i < o.keys.length; i++) {
        let k = o.keys[i];
        let drop = false;
        if (rm !== null) { for (let j = 0; j < rm!.length; j++) if (equal(rm![j], k)) { drop = true; break; } }
        else if (a[1].t == T_OBJ) drop = objGet(changetype<VObj>(a[1]), k) !== null;
        else return null;
        if (!drop) { out.keys.push(k); out.vals.push(o.vals[i]); }
      }
      return out;
    }
    case 52: {
      if (n != 2 || a[0].t != T_OBJ || a[1].t != T_OBJ) return null;
      return unionObjects(changetype<VObj>(a[0]), changetype<VObj>(a[1]));
    }
    case 53: {
      if (n != 2 || a[0].t != T_ARR || a[1].t != T_ARR) return null;
      return new VArr(changetype<VArr>(a[0]).items.concat(changetype<VArr>(a[1]).items));
    }
    case 54: {
      if (n != 3 || a[0].t != T_ARR || !intArg(a[1]) || !intArg(a[2])) return null;
      let items = changetype<VArr>(a[0]).items;
      let s = max<i64>(0, toInt(a[1])), e = min<i64>(<i64>items.length, toInt(a[2]));
      if (s > e) return new VArr(new Array<Value>());
      return new VArr(items.slice(<i32>s, <i32>e));
    }
    case 55: {
      if (n != 2 || !isStr(a[0]) || !isStr(a[1])) return null;
      let r = cidrContains(asStr(a[0]), asStr(a[1]));
      if (r < 0) return null;
      return vbool(r == 1);
    }
    case 56: if (n != 1) return null; return vbool(a[0].t == T_STR);
    case 57: if (n != 1) return null; return vbool(a[0].t == T_NUM);
    case 58: if (n != 1) return null; return vbool(a[0].t == T_BOOL);
    case 59: if (n != 1) return null; return vbool(a[0].t == T_ARR);
    case 60: if (n != 1) return null; return vbool(a[0].t == T_SET);
    case 61: if (n != 1) return null; return vbool(a[0].t == T_OBJ);
    case 62: if (n != 1) return null; return vbool(a[0].t == T_NULL);
    case 63: if (n != 1) return null; return vstr(typeName(a[0]));
    case 64: if (n != 1) return null; return toNumber(a[0]);
    case 65: if (n != 1) return null; return vstr(dumpToString(a[0]));
    case 66: if (n != 1 || !isStr(a[0])) return null; return parseJSONString(asStr(a[0]));
    case 67: case 68: {
      if (n != 2) return null;
      let xs = a[0].t == T_STR ? [asStr(a[0])] : strList(a[0]);
      let ys = a[1].t == T_STR ? [asStr(a[1])] : strList(a[1]);
      if (xs === null || ys === null) return null;
      for (let i = 0; i < xs!.length; i++) for (let j = 0; j < ys!.length; j++) {
        if (id == 67 ? xs![i].startsWith(ys![j]) : xs![i].endsWith(ys![j])) return TRUE;
      }
      return FALSE;
    }
    case 69: {
      if (n != 2) return null;
      let r = subset(a[0], a[1]);
      if (r < 0) return null;
      return vbool(r == 1);
    }
    case 70: {
      if (n != 2 || !isStr(a[0]) || !isStr(a[1])) return null;
      let s = asStr(a[0]), sub = asStr(a[1]);
      let out = new Array<Value>();
      if (sub.length == 0) return null; // OPA: error "empty search character"

      let from = 0;
      while (true) {
        let i = s.indexOf(sub, from);
        if (i < 0) break;
        out.push(vint(runeCount(s.substring(0, i))));
        from = i + 1;
      }
      return new VArr(out);
    }
    case 71: {
      if (n != 2 || !isStr(a[0]) || !isStr(a[1])) return null;
      let s = asStr(a[0]), sub = asStr(a[1]);
      if (sub.length == 0) return vint(runeCount(s) + 1);
      let count = 0, from = 0;
      while (true) { let i = s.indexOf(sub, from); if (i < 0) break; count++; from = i + sub.length; }
      return vint(count);
    }
    case 72: {
      if (n != 2 || !isInt(a[0]) || !isInt(a[1])) return null;
      let x = changetype<VNum>(a[0]).i, y = changetype<VNum>(a[1]).i;
      let len = x <= y ? y - x : x - y;
      if (len > 10000000) return null;
      let out = new Array<Value>();
      if (x <= y) for (let v = x; v <= y; v++) out.push(vint(v));
      else for (let v = x; v >= y; v--) out.push(vint(v));
      return new VArr(out);
    }
  }
  if (id >= EXT_BASE) return callExt(id, a);
  return null;
}
