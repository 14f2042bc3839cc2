import { Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import type { NodemailerError } from 'nodemailer';
import { AppConfig } from '../../config/app-config.js';
import type { MimeComposer } from './mime-message.js';
import { SendFailure, shortText, type SentMessage } from './send-failure.js';
import type { SmtpPool } from './smtp-pool.js';

export interface OutgoingEmail {
  to: string;
  subject: string;
  /** Already rendered; merge values in it are HTML-escaped. */
  html: string;
  text?: string;
}

/** What sends over SMTP: the composer and the connections, loaded together only when SMTP_URL is set. */
interface Smtp {
  composer: MimeComposer;
  pool: SmtpPool;
}

/**
 * Sends email over SMTP (SMTP_URL: a few connections kept open and reused); without SMTP_URL it writes
 * each email to the log instead. Messages are written by MimeComposer and carried by SmtpPool, both
 * on nodemailer's own parts; they are loaded as the process starts, not before it can.
 */
@Injectable()
export class EmailSender implements OnModuleDestroy {
  private readonly logger = new Logger(EmailSender.name);
  private readonly smtp: Promise<Smtp> | null;

  constructor(config: AppConfig) {
    const { smtpUrl, from } = config.mail;
    this.smtp = smtpUrl
      ? Promise.all([import('./mime-message.js'), import('./smtp-pool.js')]).then(([mime, smtp]) => ({
          composer: new mime.MimeComposer(from),
          pool: new smtp.SmtpPool({
            url: smtpUrl,
            maxConnections: 5,
            connectionTimeout: 10_000,
            greetingTimeout: 10_000,
            socketTimeout: 30_000,
            idleTimeout: 30_000,
          }),
        }))
      : null;
  }

  /** Connects to the SMTP server now (if SMTP_URL is set and nothing is open), so the first send need not wait for its greeting. */
  warm(): void {
    void this.smtp?.then(({ pool }) => pool.warm());
  }

  /** Resolves once the server accepted the message; throws SendFailure otherwise. */
  async send(email: OutgoingEmail): Promise<SentMessage> {
    if (!this.smtp) {
      // The body carries the join link: the log gets its size, not its text.
      this.logger.log(
        { to: email.to, subject: email.subject, bodyLength: email.html.length },
        'SMTP_URL is not set: email written to the log, not sent',
      );
      return { providerId: null };
    }
    const { composer, pool } = await this.smtp;
    try {
      const message = await composer.compose(email);
      await pool.send(message);
      return { providerId: message.messageId };
    } catch (error) {
      throw toSendFailure(error as NodemailerError);
    }
  }

  async onModuleDestroy(): Promise<void> {
    (await this.smtp)?.pool.close();
  }
}

function toSendFailure(error: NodemailerError): SendFailure {
  if (error.responseCode) {
    const reply = shortText(error.response);
    return new SendFailure(
      `The mail server refused the message (${error.responseCode}${reply ? `: ${reply}` : ''})`,
      error.permanent === true,
    );
  }
  // An address the client itself refuses (no recipient, a malformed one) will never go through.
  if (error.code === 'EENVELOPE') return new SendFailure('The mail server cannot take this address', true);
  return new SendFailure(
    `Could not reach the mail server (${shortText(error.code, 40) || 'connection failed'})`,
    false,
  );
}
