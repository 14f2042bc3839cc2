import { randomUUID } from 'node:crypto';
import { encode as base64Encode, wrap as base64Wrap } from 'nodemailer/lib/base64';
import MailComposer from 'nodemailer/lib/mail-composer';
import { encodeWord, encodeWords, foldLines, hasLongerLines, isPlainText } from 'nodemailer/lib/mime-funcs';
import { encode as qpEncode, wrap as qpWrap } from 'nodemailer/lib/qp';
import type { OutgoingEmail } from './email.sender.js';

/** A message as SMTP carries it: the envelope, and the RFC 5322 text with its headers. */
export interface MimeMessage {
  envelope: { from: string; to: string[] };
  messageId: string;
  raw: Buffer | string;
}

/** A bare address nodemailer would write as it is (a dot-atom local part, an ASCII host name). */
const PLAIN_ADDRESS =
  /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*$/;

/**
 * Writes reminder emails as nodemailer's MailComposer does, byte for byte (a spec compares them),
 * with nodemailer's own encoders, but without building its MIME tree and streams for each message:
 * for a one-part HTML email that tree cost more CPU than the rest of a send. Anything beyond that
 * (a text part, an address that needs encoding) is left to MailComposer itself.
 */
export class MimeComposer {
  private readonly from: string;
  /** The From header as MailComposer writes it (folded, encoded), and the envelope sender. */
  private readonly fromHeader: Promise<string>;
  private readonly envelopeFrom: string;
  private readonly idDomain: string;

  constructor(from: string) {
    this.from = from;
    const node = new MailComposer({ from, to: 'nobody@example.invalid', subject: 'x', html: 'x' }).compile();
    this.envelopeFrom = node.getEnvelope().from || '';
    this.idDomain = this.envelopeFrom.split('@').pop() || 'localhost';
    this.fromHeader = node.build().then((built) => headerLine(built.toString('utf8'), 'From'));
  }

  async compose(email: OutgoingEmail, date = new Date()): Promise<MimeMessage> {
    const messageId = `<${randomUUID()}@${this.idDomain}>`;
    if (email.text !== undefined || email.html === '' || !PLAIN_ADDRESS.test(email.to))
      return this.composed(email, messageId, date);
    // nodemailer writes the host in lower case (punycode's ASCII form); the local part is the mailbox's own.
    const at = email.to.lastIndexOf('@');
    const to = `${email.to.slice(0, at)}@${email.to.slice(at + 1).toLowerCase()}`;
    const encoding = bodyEncoding(email.html);
    const body =
      encoding === '7bit'
        ? email.html
        : encoding === 'quoted-printable'
          ? qpWrap(qpEncode(email.html), 76)
          : base64Wrap(base64Encode(email.html), 76);
    const subject = headerText(email.subject);
    const head = [
      await this.fromHeader,
      `To: ${to}`,
      // An empty header is left out, as MimeNode does.
      ...(subject.trim() ? [foldLines(`Subject: ${subject}`, 76)] : []),
      `Message-ID: ${messageId}`,
      `Date: ${date.toUTCString().replace(/GMT/, '+0000')}`,
      `Content-Transfer-Encoding: ${encoding}`,
      'MIME-Version: 1.0',
      'Content-Type: text/html; charset=utf-8',
    ];
    return {
      envelope: { from: this.envelopeFrom, to: [to] },
      messageId,
      raw: withLastNewline(`${head.join('\r\n')}\r\n\r\n${body}`),
    };
  }

  /** MailComposer's whole path, for what the fast one does not cover. */
  private async composed(email: OutgoingEmail, messageId: string, date: Date): Promise<MimeMessage> {
    const node = new MailComposer({ from: this.from, ...email, messageId, date }).compile();
    const envelope = node.getEnvelope();
    return { envelope: { from: envelope.from || '', to: envelope.to }, messageId, raw: await node.build() };
  }
}

/** The message ends with a line break, as MimeNode's LastNewline stage makes it. */
function withLastNewline(message: string): string {
  if (message.endsWith('\n')) return message;
  return message.endsWith('\r') ? `${message}\n` : `${message}\r\n`;
}

/** MimeNode's choice for a text body: as it is when plain with short lines, else quoted-printable or base64. */
function bodyEncoding(text: string): '7bit' | 'quoted-printable' | 'base64' {
  if (isPlainText(text) && !hasLongerLines(text, 76)) return '7bit';
  return textEncoding(text) === 'Q' ? 'quoted-printable' : 'base64';
}

/** MimeNode's encoding of an unstructured header value (encodeHeaderValue, _encodeHeaderText). */
function headerText(raw: string): string {
  const value = raw.replace(/\r?\n|\r/g, ' ');
  return hasControlCharacter(value)
    ? encodeWord(value, textEncoding(value), 52)
    : encodeWords(value, textEncoding(value), 52, true);
}

/** Any of /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]/ (a tab is not one). */
function hasControlCharacter(value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (code <= 0x08 || code === 0x0b || code === 0x0c || (code >= 0x0e && code <= 0x1f) || code === 0x7f) return true;
  }
  return false;
}

/** MimeNode's _getTextEncoding: Q while Latin letters outnumber the rest (controls, non-ASCII), else B. */
function textEncoding(value: string): 'Q' | 'B' {
  let nonLatin = 0;
  let latin = 0;
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (code <= 0x08 || code === 0x0b || code === 0x0c || (code >= 0x0e && code <= 0x1f) || code >= 0x80) nonLatin++;
    else if ((code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a)) latin++;
  }
  return nonLatin < latin ? 'Q' : 'B';
}

/** A header as written in a message, with its folded continuation lines. */
function headerLine(message: string, name: string): string {
  const match = new RegExp(`^${name}:.*(?:\\r\\n[ \\t].*)*`, 'mi').exec(message);
  if (!match) throw new Error(`no ${name} header`);
  return match[0];
}
