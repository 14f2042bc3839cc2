import ipaddr from 'ipaddr.js';

/**
 * The address a per-IP limit counts: an IPv4 address as it is (IPv4-mapped IPv6 too), an IPv6
 * address by its /64 (one subscriber's usual allocation, which a single machine can spread over).
 */
export function addressKey(ip: string | undefined): string {
  const text = (ip ?? '').trim();
  if (!ipaddr.isValid(text)) return text;
  const address = ipaddr.process(text);
  if (address.kind() === 'ipv4') return address.toString();
  return `${(address as ipaddr.IPv6).parts
    .slice(0, 4)
    .map((part) => part.toString(16))
    .join(':')}::/64`;
}

/**
 * An email as a per-email limit counts it: the variants MySQL's utf8mb4_unicode_ci collation holds
 * equal (case, accents, full-width forms) are one key, so they cannot multiply the attempts.
 */
export function emailKey(email: unknown): string {
  if (typeof email !== 'string') return '';
  return email.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase().replace(/ß/g, 'ss').replace(/\s+/g, '');
}
