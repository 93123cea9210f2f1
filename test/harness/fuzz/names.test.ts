import { describe, expect, it } from 'vitest';
import { namesAround } from '../../../src/harness/fuzz/names.ts';
import { addressesAround } from '../../../src/harness/fuzz/ip.ts';

describe('names around a pattern', () => {
  it('gives names that just match, just miss, and carry special characters', () => {
    const ns = namesAround('logs-*');
    expect(ns.slice(0, 4)).toEqual(['logs-', 'logs-x', 'logs-a.b-c', 'logs-*']);
    expect(ns).toContain('logs'); // one character short of the prefix
    expect(ns).toContain('Logs-'); // case differs
    expect(ns).toContain('xlogs-'); // anchored at the start
    for (const c of ['?', '[', '{', '\\', '"']) expect(ns).toContain(`logs-${c}`);
    expect(new Set(ns).size).toBe(ns.length);
  });

  it('treats a pattern without * as a literal name and misses it by one character', () => {
    const ns = namesAround('john');
    expect(ns[0]).toBe('john');
    expect(ns).toContain('johnx');
    expect(ns).toContain('joh');
    expect(ns).toContain('john*');
  });

  it('handles inner and multiple stars', () => {
    expect(namesAround('a*b*c').slice(0, 2)).toEqual(['abc', 'axbxc']);
    expect(namesAround('*')[0]).toBe('');
  });
});

describe('IPv4 addresses around a CIDR', () => {
  it('gives the first and last address inside and the neighbours outside', () => {
    expect(addressesAround('10.0.0.0/8')).toEqual(['10.0.0.0', '10.255.255.255', '9.255.255.255', '11.0.0.0']);
    expect(addressesAround('192.168.1.7')).toEqual(['192.168.1.7', '192.168.1.7', '192.168.1.6', '192.168.1.8']);
    expect(addressesAround('0.0.0.0/0')).toEqual(['0.0.0.0', '255.255.255.255']);
    expect(addressesAround('::1/128')).toEqual(['::1']);
  });
});
