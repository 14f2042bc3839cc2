import fc from 'fast-check';

const deep = (depth: number): unknown => {
  let value: unknown = 'bottom';
  for (let i = 0; i < depth; i++) value = i % 2 ? [value] : { a: value };
  return value;
};

const LONG = 'x'.repeat(20_000);
/** Keys JSON.parse keeps as own properties, which an object literal would not. */
const withOwnKey = (key: string, value: unknown): unknown =>
  JSON.parse(`{${JSON.stringify(key)}:${JSON.stringify(value)}}`);

/** Values every body field gets, whatever its type. */
export const HOSTILE_JSON: unknown[] = [
  null,
  true,
  false,
  0,
  -1,
  1.5,
  -0.5,
  1e308,
  -1e308,
  2 ** 53 + 2,
  1e21,
  -2147483649,
  '',
  ' ',
  '\t\n',
  LONG,
  `${LONG}@example.com`,
  '\u0000',
  'a\u0000b',
  '\u0007\u001b[31m',
  '\ud800',
  'x\udfffy',
  '\u202eevil',
  '😀'.repeat(3000),
  '<script>alert(1)</script>',
  "'; DROP TABLE case_events; --",
  '{{ client_first_name',
  '{% raw %}',
  '../../etc/passwd',
  '%00',
  'null',
  'true',
  '1e999',
  'NaN',
  '-0',
  '9999-12-31T23:30:00-05:00',
  '0000-01-01T00:00:00Z',
  '+275760-09-13T00:00:00Z',
  '-271821-04-20T00:00:00Z',
  '1899-12-31T23:59:59.999Z',
  '2200-01-01T00:00:00Z',
  '2026-02-30T10:00:00Z',
  '2026-12-01T25:61:00Z',
  '2026-12-01T15:00:00+99:99',
  '2026-12-01T15:00:00.1234567891Z',
  '2026-12-01',
  'Invalid Date',
  'America/Nowhere',
  'UTC+5',
  '+1',
  '+99999999999999999',
  'not-a-uuid',
  '00000000-0000-0000-0000-000000000000',
  [],
  [null],
  [LONG],
  ['x', 'x'],
  Array.from({ length: 2000 }, (_, i) => String(i)),
  [[[]]],
  {},
  { a: 1 },
  { length: 1 },
  { toString: 'x' },
  deep(20),
  deep(33),
  deep(200),
  withOwnKey('__proto__', { polluted: true }),
  withOwnKey('constructor', { prototype: { polluted: true } }),
  withOwnKey('__proto__', null),
];

/** Text of every kind: lone surrogates, control characters, any code point. */
export function hostileText(): fc.Arbitrary<string> {
  const surrogate = fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c));
  const control = fc.integer({ min: 0, max: 0x1f }).map((c) => String.fromCharCode(c));
  return fc.oneof(
    fc.string({ unit: 'binary', maxLength: 40 }),
    fc.string({
      unit: fc.oneof(surrogate, control, fc.constantFrom('%', '&', '=', '[', ']', '"', '\\', '/', '.', ' ')),
      maxLength: 20,
    }),
    fc.string({ unit: 'grapheme', minLength: 200, maxLength: 3000 }),
  );
}

/** Any JSON value, biased to what breaks parsers, validators and databases. */
export function hostileJson(): fc.Arbitrary<unknown> {
  return fc.oneof(
    hostileText(),
    fc.jsonValue({ maxDepth: 4 }),
    fc.integer({ min: -(2 ** 31), max: 2 ** 31 }),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.date({ min: new Date(-8.64e15), max: new Date(8.64e15), noInvalidDate: true }).map((d) => d.toISOString()),
    fc.array(hostileText(), { maxLength: 5 }),
    fc.dictionary(hostileText(), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 4 }),
  );
}

/** Every byte of the text's UTF-8 (lone surrogates become U+FFFD) as %XX: encodeURIComponent throws on lone surrogates. */
export const percentEncoded = (text: string): string =>
  [...Buffer.from(text, 'utf8')].map((b) => `%${b.toString(16).padStart(2, '0')}`).join('');

/** Path ids as sent on the wire: malformed escapes, traversal, lengths, ids of nothing. */
export const HOSTILE_PATH_IDS: string[] = [
  'not-a-uuid',
  '0',
  '-1',
  '1e3',
  'null',
  'undefined',
  '%',
  '%zz',
  '%00',
  '%ff',
  '%c0%af',
  '%E2%80%AE',
  '..',
  '..%2F..%2Fetc',
  '%2e%2e',
  '%20',
  '00000000-0000-0000-0000-000000000000',
  'ffffffff-ffff-ffff-ffff-ffffffffffff',
  'FFFFFFFF-FFFF-4FFF-BFFF-FFFFFFFFFFFF',
  '12345678-1234-1234-1234-1234567890ab%20',
  'x'.repeat(5000),
  encodeURIComponent('😀'),
  "'%20OR%201=1",
  'a%2Fb',
  'a;b',
  '%0d%0aSet-Cookie:%20x=1',
];

const cursor = (value: unknown): string => Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');

/** Query values as sent on the wire, after `name=` (or appended to the name when they start with [ or &). */
export const HOSTILE_QUERY_VALUES: string[] = [
  '',
  '%',
  '%zz',
  '%00',
  '-1',
  '0',
  '1.5',
  '1e3',
  '0x10',
  '99999999999999999999',
  'true',
  'null',
  'x'.repeat(5000),
  '9999-12-31T23:30:00-05:00',
  '0000-01-01T00:00:00Z',
  '%2B275760-09-13T00:00:00Z',
  '2026-02-30T10:00:00Z',
  '2026-12-01',
  '2026-12-01T15:00:00',
  '[]=1',
  '[a]=1',
  '&x=1&x=2',
  '=1',
  'a&%s=1'.replace('%s', 'limit'),
  '[__proto__]=1',
  cursor(['+275760-09-13T00:00:00.000Z', '00000000-0000-4000-8000-000000000000']),
  cursor(['0000-01-01T00:00:00.000Z', '00000000-0000-4000-8000-000000000000']),
  cursor(['-000001-01-01T00:00:00.000Z', '00000000-0000-4000-8000-000000000000']),
  cursor([null, null]),
  cursor({ a: 1 }),
  cursor('x'.repeat(400)),
  'not-base64!!',
];

export interface RawBody {
  what: string;
  contentType: string;
  body: string | Buffer;
  headers?: Record<string, string>;
}

/** Bodies no JSON parser should answer with anything but a 4xx. */
export const RAW_BODIES: RawBody[] = [
  { what: 'truncated JSON', contentType: 'application/json', body: '{"title": "x", ' },
  { what: 'trailing garbage', contentType: 'application/json', body: '{"a":1}garbage' },
  { what: 'JSON null', contentType: 'application/json', body: 'null' },
  { what: 'JSON number', contentType: 'application/json', body: '12' },
  { what: 'JSON string', contentType: 'application/json', body: '"x"' },
  { what: 'JSON array', contentType: 'application/json', body: '[{"a":1}]' },
  { what: 'empty JSON body', contentType: 'application/json', body: '' },
  {
    what: 'BOM',
    contentType: 'application/json',
    body: Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{}')]),
  },
  {
    what: 'invalid UTF-8',
    contentType: 'application/json',
    body: Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d]),
  },
  { what: 'UTF-16 charset', contentType: 'application/json; charset=utf-16', body: Buffer.from('{"a":1}', 'utf16le') },
  { what: 'unknown charset', contentType: 'application/json; charset=klingon', body: '{}' },
  { what: 'gzip that is not', contentType: 'application/json', body: '{}', headers: { 'Content-Encoding': 'gzip' } },
  { what: 'unknown encoding', contentType: 'application/json', body: '{}', headers: { 'Content-Encoding': 'zstd-x' } },
  { what: 'deep JSON', contentType: 'application/json', body: `${'['.repeat(40_000)}${']'.repeat(40_000)}` },
  {
    what: 'deep JSON object',
    contentType: 'application/json',
    body: `{"title":${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}}`,
  },
  { what: 'huge JSON', contentType: 'application/json', body: JSON.stringify({ title: 'x'.repeat(2_000_000) }) },
  {
    what: 'many keys',
    contentType: 'application/json',
    body: JSON.stringify(Object.fromEntries(Array.from({ length: 5000 }, (_, i) => [`k${i}`, i]))),
  },
  { what: 'duplicate keys', contentType: 'application/json', body: '{"title":"a","title":{"x":1}}' },
  { what: 'text/plain', contentType: 'text/plain', body: '{"title":"x"}' },
  {
    what: 'XML',
    contentType: 'application/xml',
    body: '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>',
  },
  {
    what: 'form',
    contentType: 'application/x-www-form-urlencoded',
    body: 'title=x&startsAt[]=1&__proto__[a]=1&a[b][c]=d',
  },
  { what: 'form with %', contentType: 'application/x-www-form-urlencoded', body: 'title=%&x=%zz' },
  {
    what: 'multipart',
    contentType: 'multipart/form-data; boundary=xyz',
    body: '--xyz\r\nContent-Disposition: form-data; name="title"\r\n\r\nx\r\n--xyz--',
  },
  { what: 'content type with junk parameters', contentType: 'application/json; ;;; charset', body: '{}' },
  { what: 'vendor JSON type', contentType: 'application/vnd.api+json', body: '{"a":1}' },
];
