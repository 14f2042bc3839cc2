import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import MailComposer from 'nodemailer/lib/mail-composer';
import { MimeComposer } from './mime-message.js';

const FROM = 'Acme Law, LLP <reminders@acme.test>';
const composer = new MimeComposer(FROM);
const date = new Date('2026-12-01T15:04:05.000Z');

/** What nodemailer's MailComposer writes for the same email, Message-ID and date. */
async function byNodemailer(email: { to: string; subject: string; html: string; text?: string }, messageId: string) {
  const node = new MailComposer({ from: FROM, ...email, messageId, date }).compile();
  return { raw: (await node.build()).toString('utf8'), envelope: node.getEnvelope() };
}

async function compare(email: { to: string; subject: string; html: string; text?: string }): Promise<void> {
  const ours = await composer.compose(email, date);
  const theirs = await byNodemailer(email, ours.messageId);
  // A multipart message's boundary is random.
  const boundaries = (raw: string) => raw.replace(/--_NmP-[0-9a-f]+-Part/g, '--_NmP-boundary-Part');
  expect(boundaries(String(ours.raw))).toBe(boundaries(theirs.raw));
  expect(ours.envelope).toEqual({ from: theirs.envelope.from, to: theirs.envelope.to });
}

describe('MimeComposer writes what nodemailer would', () => {
  it('byte for byte, for the emails reminders send', async () => {
    await compare({
      to: 'carla@example.test',
      subject: 'Reminder: Initial consultation on Tuesday, December 1, 2026',
      html: '<p>Dear Carla Client,</p><p><a href="https://zoom.us/j/85746065432?pwd=abc">Join</a></p>',
    });
    await compare({
      to: 'Zoe.O-Brien+law@Example.Test',
      subject: 'Your hearing — Zoë Núñez, 15:00 (GMT+5:30) "=?utf-8?" ',
      html: `<p>Hi Zoë &lt;b&gt;&amp;,\njoin at <a href="https://zoom.us/j/1">it</a> ${'long line '.repeat(30)}</p>\r\n.\n.dot`,
    });
    await compare({
      to: 'x@example.test',
      subject: '東京での審理 — 日本語の件名です',
      html: '<p>東京での審理は十二月一日です。</p>',
    });
    await compare({ to: 'x@example.test', subject: 'Line\r\nbreak\tand\u0001control', html: 'plain' });
    for (const end of ['\n', '\r', '\r\n', ' '])
      await compare({ to: 'x@example.test', subject: 'Ends', html: `<p>Hi</p>${end}` });
  });

  it('byte for byte, for any subject and body', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.string({ unit: 'binary', maxLength: 120 }),
        fc.string({ unit: 'binary', maxLength: 400 }),
        (subject, html) => compare({ to: 'client@example.test', subject, html }),
      ),
      { numRuns: 1000 },
    );
  });

  it("leaves a text part, or an address that needs encoding, to nodemailer's composer", async () => {
    await compare({ to: 'carla@example.test', subject: 'S', html: '<p>Hi</p>', text: 'Hi there' });
    await compare({ to: 'josé@exämple.test', subject: 'S', html: '<p>Hi</p>' });
    await compare({ to: 'Carla <carla@example.test>', subject: 'S', html: '<p>Hi</p>' });
  });
});
