// crypto.md5 / sha1 / sha256 and crypto.hmac.* (md5, sha1, sha256, sha512) over the
// UTF-8 bytes of strings, written from the FIPS 180-4 / RFC 1321 / RFC 2104 definitions.
// Digests are returned as raw bytes; callers hex-encode them (lower case, as OPA).

const ALG_MD5 = 0, ALG_SHA1 = 1, ALG_SHA256 = 2, ALG_SHA512 = 3;
export { ALG_MD5, ALG_SHA1, ALG_SHA256, ALG_SHA512 };

@inline function rotl(x: u32, n: u32): u32 { return (x << n) | (x >>> (32 - n)); }
@inline function rotr(x: u32, n: u32): u32 { return (x >>> n) | (x << (32 - n)); }
@inline function rotr64(x: u64, n: u64): u64 { return (x >>> n) | (x << (64 - n)); }

/** Message padding: 0x80, zeros, then the bit length (64- or 128-bit field). */
function padded(msg: Uint8Array, block: i32, bigEndian: bool): Uint8Array {
  let lenField = block == 128 ? 16 : 8;
  let total = msg.length + 1 + lenField;
  total = (total + block - 1) / block * block;
  let out = new Uint8Array(total);
  out.set(msg);
  out[msg.length] = 0x80;
  let bits = <u64>msg.length * 8;
  for (let i = 0; i < 8; i++) {
    let byte = <u8>(bits >>> (<u64>i * 8));
    if (bigEndian) out[total - 1 - i] = byte; else out[total - 8 + i] = byte;
  }
  return out;
}

// floor(|sin(i + 1)| · 2^32), RFC 1321's table (precomputed: keeps Math.sin out of the VM)
const MD5_K: StaticArray<u32> = [
  0xd76aa478, 0xe8c7b756, 0x242070db, 0xc1bdceee, 0xf57c0faf, 0x4787c62a, 0xa8304613, 0xfd469501,
  0x698098d8, 0x8b44f7af, 0xffff5bb1, 0x895cd7be, 0x6b901122, 0xfd987193, 0xa679438e, 0x49b40821,
  0xf61e2562, 0xc040b340, 0x265e5a51, 0xe9b6c7aa, 0xd62f105d, 0x02441453, 0xd8a1e681, 0xe7d3fbc8,
  0x21e1cde6, 0xc33707d6, 0xf4d50d87, 0x455a14ed, 0xa9e3e905, 0xfcefa3f8, 0x676f02d9, 0x8d2a4c8a,
  0xfffa3942, 0x8771f681, 0x6d9d6122, 0xfde5380c, 0xa4beea44, 0x4bdecfa9, 0xf6bb4b60, 0xbebfbc70,
  0x289b7ec6, 0xeaa127fa, 0xd4ef3085, 0x04881d05, 0xd9d4d039, 0xe6db99e5, 0x1fa27cf8, 0xc4ac5665,
  0xf4292244, 0x432aff97, 0xab9423a7, 0xfc93a039, 0x655b59c3, 0x8f0ccc92, 0xffeff47d, 0x85845dd1,
  0x6fa87e4f, 0xfe2ce6e0, 0xa3014314, 0x4e0811a1, 0xf7537e82, 0xbd3af235, 0x2ad7d2bb, 0xeb86d391,
];

const MD5_S: StaticArray<u32> = [7, 12, 17, 22, 5, 9, 14, 20, 4, 11, 16, 23, 6, 10, 15, 21];

function md5(msg: Uint8Array): Uint8Array {
  let m = padded(msg, 64, false);
  let h0: u32 = 0x67452301, h1: u32 = 0xefcdab89, h2: u32 = 0x98badcfe, h3: u32 = 0x10325476;
  let w = new StaticArray<u32>(16);
  for (let off = 0; off < m.length; off += 64) {
    for (let i = 0; i < 16; i++) w[i] = <u32>m[off + i * 4] | (<u32>m[off + i * 4 + 1] << 8) | (<u32>m[off + i * 4 + 2] << 16) | (<u32>m[off + i * 4 + 3] << 24);
    let a = h0, b = h1, c = h2, d = h3;
    for (let i = 0; i < 64; i++) {
      let f: u32, g: i32;
      if (i < 16) { f = (b & c) | (~b & d); g = i; }
      else if (i < 32) { f = (d & b) | (~d & c); g = (5 * i + 1) & 15; }
      else if (i < 48) { f = b ^ c ^ d; g = (3 * i + 5) & 15; }
      else { f = c ^ (b | ~d); g = (7 * i) & 15; }
      let k = MD5_K[i];
      let t = d; d = c; c = b;
      b = b + rotl(a + f + k + w[g], MD5_S[(i >> 4) * 4 + (i & 3)]);
      a = t;
    }
    h0 += a; h1 += b; h2 += c; h3 += d;
  }
  let out = new Uint8Array(16);
  let hs: StaticArray<u32> = [h0, h1, h2, h3];
  for (let i = 0; i < 16; i++) out[i] = <u8>(hs[i >> 2] >>> (<u32>(i & 3) * 8));
  return out;
}

function be32(out: Uint8Array, hs: StaticArray<u32>): Uint8Array {
  for (let i = 0; i < out.length; i++) out[i] = <u8>(hs[i >> 2] >>> (<u32>(3 - (i & 3)) * 8));
  return out;
}

function sha1(msg: Uint8Array): Uint8Array {
  let m = padded(msg, 64, true);
  let h: StaticArray<u32> = [0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476, 0xc3d2e1f0];
  let w = new StaticArray<u32>(80);
  for (let off = 0; off < m.length; off += 64) {
    for (let i = 0; i < 16; i++) w[i] = (<u32>m[off + i * 4] << 24) | (<u32>m[off + i * 4 + 1] << 16) | (<u32>m[off + i * 4 + 2] << 8) | <u32>m[off + i * 4 + 3];
    for (let i = 16; i < 80; i++) w[i] = rotl(w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16], 1);
    let a = h[0], b = h[1], c = h[2], d = h[3], e = h[4];
    for (let i = 0; i < 80; i++) {
      let f: u32, k: u32;
      if (i < 20) { f = (b & c) | (~b & d); k = 0x5a827999; }
      else if (i < 40) { f = b ^ c ^ d; k = 0x6ed9eba1; }
      else if (i < 60) { f = (b & c) | (b & d) | (c & d); k = 0x8f1bbcdc; }
      else { f = b ^ c ^ d; k = 0xca62c1d6; }
      let t = rotl(a, 5) + f + e + k + w[i];
      e = d; d = c; c = rotl(b, 30); b = a; a = t;
    }
    h[0] += a; h[1] += b; h[2] += c; h[3] += d; h[4] += e;
  }
  return be32(new Uint8Array(20), h);
}

const K256: StaticArray<u32> = [
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
  0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
  0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
  0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
  0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
  0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
];

function sha256(msg: Uint8Array): Uint8Array {
  let m = padded(msg, 64, true);
  let h: StaticArray<u32> = [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19];
  let w = new StaticArray<u32>(64);
  for (let off = 0; off < m.length; off += 64) {
    for (let i = 0; i < 16; i++) w[i] = (<u32>m[off + i * 4] << 24) | (<u32>m[off + i * 4 + 1] << 16) | (<u32>m[off + i * 4 + 2] << 8) | <u32>m[off + i * 4 + 3];
    for (let i = 16; i < 64; i++) {
      let s0 = rotr(w[i - 15], 7) ^ rotr(w[i - 15], 18) ^ (w[i - 15] >>> 3);
      let s1 = rotr(w[i - 2], 17) ^ rotr(w[i - 2], 19) ^ (w[i - 2] >>> 10);
      w[i] = w[i - 16] + s0 + w[i - 7] + s1;
    }
    let a = h[0], b = h[1], c = h[2], d = h[3], e = h[4], f = h[5], g = h[6], hh = h[7];
    for (let i = 0; i < 64; i++) {
      let t1 = hh + (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) + ((e & f) ^ (~e & g)) + K256[i] + w[i];
      let t2 = (rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) + ((a & b) ^ (a & c) ^ (b & c));
      hh = g; g = f; f = e; e = d + t1; d = c; c = b; b = a; a = t1 + t2;
    }
    h[0] += a; h[1] += b; h[2] += c; h[3] += d; h[4] += e; h[5] += f; h[6] += g; h[7] += hh;
  }
  return be32(new Uint8Array(32), h);
}

const K512: StaticArray<u64> = [
  0x428a2f98d728ae22, 0x7137449123ef65cd, 0xb5c0fbcfec4d3b2f, 0xe9b5dba58189dbbc, 0x3956c25bf348b538,
  0x59f111f1b605d019, 0x923f82a4af194f9b, 0xab1c5ed5da6d8118, 0xd807aa98a3030242, 0x12835b0145706fbe,
  0x243185be4ee4b28c, 0x550c7dc3d5ffb4e2, 0x72be5d74f27b896f, 0x80deb1fe3b1696b1, 0x9bdc06a725c71235,
  0xc19bf174cf692694, 0xe49b69c19ef14ad2, 0xefbe4786384f25e3, 0x0fc19dc68b8cd5b5, 0x240ca1cc77ac9c65,
  0x2de92c6f592b0275, 0x4a7484aa6ea6e483, 0x5cb0a9dcbd41fbd4, 0x76f988da831153b5, 0x983e5152ee66dfab,
  0xa831c66d2db43210, 0xb00327c898fb213f, 0xbf597fc7beef0ee4, 0xc6e00bf33da88fc2, 0xd5a79147930aa725,
  0x06ca6351e003826f, 0x142929670a0e6e70, 0x27b70a8546d22ffc, 0x2e1b21385c26c926, 0x4d2c6dfc5ac42aed,
  0x53380d139d95b3df, 0x650a73548baf63de, 0x766a0abb3c77b2a8, 0x81c2c92e47edaee6, 0x92722c851482353b,
  0xa2bfe8a14cf10364, 0xa81a664bbc423001, 0xc24b8b70d0f89791, 0xc76c51a30654be30, 0xd192e819d6ef5218,
  0xd69906245565a910, 0xf40e35855771202a, 0x106aa07032bbd1b8, 0x19a4c116b8d2d0c8, 0x1e376c085141ab53,
  0x2748774cdf8eeb99, 0x34b0bcb5e19b48a8, 0x391c0cb3c5c95a63, 0x4ed8aa4ae3418acb, 0x5b9cca4f7763e373,
  0x682e6ff3d6b2b8a3, 0x748f82ee5defb2fc, 0x78a5636f43172f60, 0x84c87814a1f0ab72, 0x8cc702081a6439ec,
  0x90befffa23631e28, 0xa4506cebde82bde9, 0xbef9a3f7b2c67915, 0xc67178f2e372532b, 0xca273eceea26619c,
  0xd186b8c721c0c207, 0xeada7dd6cde0eb1e, 0xf57d4f7fee6ed178, 0x06f067aa72176fba, 0x0a637dc5a2c898a6,
  0x113f9804bef90dae, 0x1b710b35131c471b, 0x28db77f523047d84, 0x32caab7b40c72493, 0x3c9ebe0a15c9bebc,
  0x431d67c49c100d4c, 0x4cc5d4becb3e42b6, 0x597f299cfc657e2a, 0x5fcb6fab3ad6faec, 0x6c44198c4a475817,
];

function sha512(msg: Uint8Array): Uint8Array {
  let m = padded(msg, 128, true);
  let h: StaticArray<u64> = [
    0x6a09e667f3bcc908, 0xbb67ae8584caa73b, 0x3c6ef372fe94f82b, 0xa54ff53a5f1d36f1,
    0x510e527fade682d1, 0x9b05688c2b3e6c1f, 0x1f83d9abfb41bd6b, 0x5be0cd19137e2179,
  ];
  let w = new StaticArray<u64>(80);
  for (let off = 0; off < m.length; off += 128) {
    for (let i = 0; i < 16; i++) {
      let v: u64 = 0;
      for (let j = 0; j < 8; j++) v = (v << 8) | <u64>m[off + i * 8 + j];
      w[i] = v;
    }
    for (let i = 16; i < 80; i++) {
      let s0 = rotr64(w[i - 15], 1) ^ rotr64(w[i - 15], 8) ^ (w[i - 15] >>> 7);
      let s1 = rotr64(w[i - 2], 19) ^ rotr64(w[i - 2], 61) ^ (w[i - 2] >>> 6);
      w[i] = w[i - 16] + s0 + w[i - 7] + s1;
    }
    let a = h[0], b = h[1], c = h[2], d = h[3], e = h[4], f = h[5], g = h[6], hh = h[7];
    for (let i = 0; i < 80; i++) {
      let t1 = hh + (rotr64(e, 14) ^ rotr64(e, 18) ^ rotr64(e, 41)) + ((e & f) ^ (~e & g)) + K512[i] + w[i];
      let t2 = (rotr64(a, 28) ^ rotr64(a, 34) ^ rotr64(a, 39)) + ((a & b) ^ (a & c) ^ (b & c));
      hh = g; g = f; f = e; e = d + t1; d = c; c = b; b = a; a = t1 + t2;
    }
    h[0] += a; h[1] += b; h[2] += c; h[3] += d; h[4] += e; h[5] += f; h[6] += g; h[7] += hh;
  }
  let out = new Uint8Array(64);
  for (let i = 0; i < 64; i++) out[i] = <u8>(h[i >> 3] >>> (<u64>(7 - (i & 7)) * 8));
  return out;
}

export function digest(alg: i32, msg: Uint8Array): Uint8Array {
  if (alg == ALG_MD5) return md5(msg);
  if (alg == ALG_SHA1) return sha1(msg);
  if (alg == ALG_SHA256) return sha256(msg);
  return sha512(msg);
}

/** RFC 2104: H((K ^ opad) || H((K ^ ipad) || m)), keys longer than a block are hashed. */
export function hmac(alg: i32, key: Uint8Array, msg: Uint8Array): Uint8Array {
  let block = alg == ALG_SHA512 ? 128 : 64;
  if (key.length > block) key = digest(alg, key);
  let inner = new Uint8Array(block + msg.length);
  let outer = new Uint8Array(block + (alg == ALG_SHA512 ? 64 : alg == ALG_SHA256 ? 32 : alg == ALG_SHA1 ? 20 : 16));
  for (let i = 0; i < block; i++) {
    let k = i < key.length ? key[i] : <u8>0;
    inner[i] = k ^ 0x36;
    outer[i] = k ^ 0x5c;
  }
  inner.set(msg, block);
  outer.set(digest(alg, inner), block);
  return digest(alg, outer);
}
