import { describe, expect, it } from '@jest/globals';
import { addressKey, emailKey } from './rate-limit-keys.js';

describe('addressKey', () => {
  it('counts IPv4 addresses as they are, mapped ones too', () => {
    expect(addressKey('203.0.113.9')).toBe('203.0.113.9');
    expect(addressKey('::ffff:203.0.113.9')).toBe('203.0.113.9');
  });

  it('counts IPv6 addresses by their /64, however they are written', () => {
    const key = addressKey('2001:db8:abcd:12::1');
    expect(key).toBe('2001:db8:abcd:12::/64');
    expect(addressKey('2001:0db8:abcd:0012:ffff:ffff:ffff:ffff')).toBe(key);
    expect(addressKey('2001:db8:abcd:12:1:2:3:4')).toBe(key);
    expect(addressKey('2001:db8:abcd:13::1')).not.toBe(key);
    expect(addressKey('::1')).toBe('0:0:0:0::/64');
    expect(addressKey('fe80::1:2.3.4.5')).toBe('fe80:0:0:0::/64');
  });
});

describe('emailKey', () => {
  it("folds case, accents, full-width forms and spaces as MySQL's collation does", () => {
    const key = emailKey('dana@example.com');
    for (const variant of ['DANA@example.com', ' Dána@Example.COM ', 'ｄａｎａ@example.com', 'da\u0301na@example.com'])
      expect(emailKey(variant)).toBe(key);
    expect(emailKey('dan@example.com')).not.toBe(key);
    expect(emailKey(42)).toBe('');
  });
});
