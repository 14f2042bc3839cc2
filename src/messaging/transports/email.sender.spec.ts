import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { bodyOf, SmtpSink } from '../../../test/emulators/smtp-sink.js';
import { AppConfig } from '../../config/app-config.js';
import { EmailSender } from './email.sender.js';
import { SendFailure } from './send-failure.js';

const configWith = (env: Record<string, string>): AppConfig =>
  AppConfig.fromEnvironment({ NODE_ENV: 'test', ENCRYPTION_KEY: Buffer.alloc(32, 1).toString('base64'), ...env });

async function failureOf(work: Promise<unknown>): Promise<SendFailure> {
  try {
    await work;
  } catch (error) {
    if (error instanceof SendFailure) return error;
    throw error;
  }
  throw new Error('expected a SendFailure');
}

describe('EmailSender against a real SMTP server', () => {
  const sink = new SmtpSink();
  let sender: EmailSender;

  beforeAll(async () => {
    await sink.start();
    sender = new EmailSender(configWith({ SMTP_URL: sink.url, MAIL_FROM: 'Acme Law <reminders@acme.test>' }));
  });

  afterEach(() => sink.reset());

  afterAll(async () => {
    sender.onModuleDestroy();
    await sink.stop();
  });

  it('delivers subject and HTML body, non-ASCII included, and returns the Message-ID', async () => {
    const html = `<p>Hi Zoë &lt;b&gt;&amp;, join at <a href="https://zoom.us/j/85746065432?pwd=abc">the meeting</a> ${'long line '.repeat(20)}</p>`;
    const sent = await sender.send({
      to: 'carla@example.test',
      subject: 'Your hearing — Tuesday, December 1, 2026',
      html,
    });
    expect(sent.providerId).toMatch(/^<.+>$/);
    expect(sink.messages).toHaveLength(1);
    const [email] = sink.messages;
    expect(email).toMatchObject({
      from: 'reminders@acme.test',
      to: ['carla@example.test'],
      subject: 'Your hearing — Tuesday, December 1, 2026',
    });
    expect(email.headers['message-id']).toBe(sent.providerId);
    expect(bodyOf(email)).toBe(html);
  });

  it('sends a plain-text part too when given one', async () => {
    await sender.send({ to: 'carla@example.test', subject: 'S', html: '<p>Hi</p>', text: 'Hi there' });
    expect(bodyOf(sink.messages[0], 'text/plain')).toBe('Hi there');
    expect(bodyOf(sink.messages[0], 'text/html')).toBe('<p>Hi</p>');
  });

  it('reports a 5xx refusal as permanent and a 4xx one as worth retrying', async () => {
    sink.rejectNext(1, 550, 'No such user here');
    const permanent = await failureOf(sender.send({ to: 'ghost@example.test', subject: 'S', html: 'x' }));
    expect(permanent).toMatchObject({ permanent: true });
    expect(permanent.message).toContain('550');
    sink.rejectNext(1, 451, 'Try again later');
    await expect(failureOf(sender.send({ to: 'busy@example.test', subject: 'S', html: 'x' }))).resolves.toMatchObject({
      permanent: false,
    });
    expect(sink.messages).toHaveLength(0);
    await expect(sender.send({ to: 'carla@example.test', subject: 'S', html: 'x' })).resolves.toMatchObject({
      providerId: expect.any(String),
    });
  });

  it('reports an unreachable server as worth retrying', async () => {
    const down = new SmtpSink();
    await down.start();
    const url = down.url;
    await down.stop();
    const unreachable = new EmailSender(configWith({ SMTP_URL: url }));
    try {
      await expect(
        failureOf(unreachable.send({ to: 'carla@example.test', subject: 'S', html: 'x' })),
      ).resolves.toMatchObject({ permanent: false });
    } finally {
      unreachable.onModuleDestroy();
    }
  });

  it('without SMTP_URL writes to the log instead of sending', async () => {
    const logOnly = new EmailSender(configWith({}));
    await expect(logOnly.send({ to: 'carla@example.test', subject: 'S', html: 'x' })).resolves.toEqual({
      providerId: null,
    });
    logOnly.onModuleDestroy();
  });
});
