/** RFC 5545 content lines: at most 75 octets each, longer ones folded with CRLF and a space. */
const MAX_LINE_OCTETS = 75;
// Each UTF-16 code unit takes at most 3 octets in UTF-8, so a line this short never needs folding.
const SURELY_SHORT = Math.floor(MAX_LINE_OCTETS / 3);

/**
 * Folds every line of CRLF-separated text to at most 75 octets, never inside a UTF-8 sequence or a
 * surrogate pair. Linear in the text: ical-generator's own folding encodes each character
 * separately, which costs seconds on a feed of thousands of events.
 */
export function foldContentLines(text: string): string {
  let folded = '';
  // Text before `copied` is already in `folded`; lines that fit are copied in runs, not one by one.
  let copied = 0;
  for (let start = 0; start < text.length;) {
    let end = text.indexOf('\r\n', start);
    if (end < 0) end = text.length;
    if (end - start > SURELY_SHORT) {
      const line = text.slice(start, end);
      if (Buffer.byteLength(line, 'utf8') > MAX_LINE_OCTETS) {
        folded += text.slice(copied, start) + foldLine(line);
        copied = end;
      }
    }
    start = end + 2;
  }
  return copied === 0 ? text : folded + text.slice(copied);
}

/** A line longer than 75 octets, folded. */
function foldLine(line: string): string {
  let folded = '';
  let start = 0;
  let octets = 0;
  // The first line holds 75 octets; a continuation line holds the leading space and 74 more.
  let room = MAX_LINE_OCTETS;
  for (let i = 0; i < line.length;) {
    const unit = line.charCodeAt(i);
    const pair =
      unit >= 0xd800 && unit <= 0xdbff && i + 1 < line.length && (line.charCodeAt(i + 1) & 0xfc00) === 0xdc00;
    const size = unit < 0x80 ? 1 : unit < 0x800 ? 2 : pair ? 4 : 3;
    if (octets + size > room) {
      folded += line.slice(start, i) + '\r\n ';
      start = i;
      octets = 0;
      room = MAX_LINE_OCTETS - 1;
    }
    octets += size;
    i += pair ? 2 : 1;
  }
  return folded + line.slice(start);
}

// Control characters other than tab and line breaks are not allowed in iCalendar text at all.
// eslint-disable-next-line no-control-regex -- matching them is the point
const FORBIDDEN_CONTROLS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g;

/** Text the way a TEXT value may carry it: forbidden control characters dropped, line breaks as \n. */
export function cleanText(value: string): string {
  return value.replace(FORBIDDEN_CONTROLS, '').replace(/\r\n?/g, '\n');
}

/** A TEXT value escaped for properties ical-generator writes verbatim (the calendar name). */
export function escapeText(value: string): string {
  return cleanText(value)
    .replace(/[\\;,]/g, (c) => `\\${c}`)
    .replace(/\n/g, '\\n');
}

/**
 * A URI value as ical-generator writes it: it escapes `\`, `;` and `,` as if the value were text, which
 * a URI value does not unescape. Percent-encoding them keeps the link equivalent and the escaping inert.
 */
export function inertUri(uri: string): string {
  return uri.replace(/[\\;,]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}
