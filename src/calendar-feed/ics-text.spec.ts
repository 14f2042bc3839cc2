import { describe, expect, it } from '@jest/globals';
import { cleanText, escapeText, foldContentLines, inertUri } from './ics-text.js';

const octets = (line: string): number => Buffer.byteLength(line, 'utf8');
const unfold = (text: string): string => text.replace(/\r\n /g, '');

describe('foldContentLines', () => {
  it('leaves lines of up to 75 octets alone', () => {
    const line = `SUMMARY:${'a'.repeat(67)}`;
    expect(octets(line)).toBe(75);
    expect(foldContentLines(`${line}\r\nEND:VEVENT\r\n`)).toBe(`${line}\r\nEND:VEVENT\r\n`);
  });

  it('folds longer lines to 75 octets each, continuation lines included, and unfolds to the original', () => {
    const line = `DESCRIPTION:${'x'.repeat(300)}`;
    const folded = foldContentLines(line);
    const lines = folded.split('\r\n');
    expect(lines.length).toBe(5);
    expect(lines.map(octets)).toEqual([75, 75, 75, 75, 16]);
    expect(lines.slice(1).every((l) => l.startsWith(' '))).toBe(true);
    expect(unfold(folded)).toBe(line);
  });

  it('folds only the long lines of a multi-line text and keeps the CRLF line ends', () => {
    const text = [
      'BEGIN:VEVENT',
      `SUMMARY:${'é'.repeat(50)}`,
      'UID:1@app.test',
      `DESCRIPTION:${'z'.repeat(90)}`,
      'END:VEVENT',
      '',
    ].join('\r\n');
    const folded = foldContentLines(text);
    expect(folded.endsWith('END:VEVENT\r\n')).toBe(true);
    expect(folded.split('\r\n').every((l) => octets(l) <= 75)).toBe(true);
    expect(folded.split('\r\n').filter((l) => l.startsWith(' '))).toHaveLength(2);
    expect(unfold(folded)).toBe(text);
  });

  it('never splits a multi-octet character or a surrogate pair', () => {
    for (const filler of ['é', '€', '😀', '👩‍⚖️', 'a😀é']) {
      for (let prefix = 0; prefix < 4; prefix++) {
        const line = `SUMMARY:${'a'.repeat(prefix)}${filler.repeat(60)}`;
        const folded = foldContentLines(line);
        for (const l of folded.split('\r\n')) {
          expect(octets(l)).toBeLessThanOrEqual(75);
          // A split surrogate pair would be re-encoded as U+FFFD.
          expect(Buffer.from(l, 'utf8').toString('utf8')).toBe(l);
          expect(l).not.toMatch(/[\ud800-\udbff]$/);
        }
        expect(unfold(folded)).toBe(line);
      }
    }
  });
});

describe('text values', () => {
  it('escapes backslashes, semicolons, commas and line breaks, and drops control characters', () => {
    expect(escapeText('a\\b;c,d\r\ne\rf\ng\u0000\u0007\th')).toBe('a\\\\b\\;c\\,d\\ne\\nf\\ng\th');
    expect(cleanText('x\r\ny\u001fz')).toBe('x\nyz');
  });

  it('keeps URIs free of what ical-generator would escape', () => {
    expect(inertUri('https://zoom.us/j/1?pwd=abc')).toBe('https://zoom.us/j/1?pwd=abc');
    expect(inertUri('https://example.test/a;b?c=1,2')).toBe('https://example.test/a%3Bb?c=1%2C2');
  });
});
