import { Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import nodemailer, { type NodemailerError, type Transporter } from 'nodemailer';
import { AppConfig } from '../../config/app-config.js';
import { SendFailure, shortText, type SentMessage } from './send-failure.js';

export interface OutgoingEmail {
  to: string;
  subject: string;
  /** Already rendered; merge values in it are HTML-escaped. */
  html: string;
  text?: string;
}

/** Sends email over SMTP (SMTP_URL, pooled); without SMTP_URL it writes each email to the log instead. */
@Injectable()
export class EmailSender implements OnModuleDestroy {
  private readonly logger = new Logger(EmailSender.name);
  private readonly transport: Transporter | null;
  private readonly from: string;

  constructor(config: AppConfig) {
    const { smtpUrl, from } = config.mail;
    this.from = from;
    this.transport = smtpUrl
      ? nodemailer.createTransport({
          url: smtpUrl,
          pool: true,
          maxConnections: 5,
          connectionTimeout: 10_000,
          greetingTimeout: 10_000,
          socketTimeout: 30_000,
        })
      : null;
  }

  /** Resolves once the server accepted the message; throws SendFailure otherwise. */
  async send(email: OutgoingEmail): Promise<SentMessage> {
    if (!this.transport) {
      // The body carries the join link: the log gets its size, not its text.
      this.logger.log(
        { to: email.to, subject: email.subject, bodyLength: email.html.length },
        'SMTP_URL is not set: email written to the log, not sent',
      );
      return { providerId: null };
    }
    try {
      const info = await this.transport.sendMail({
        from: this.from,
        to: email.to,
        subject: email.subject,
        html: email.html,
        text: email.text,
      });
      return { providerId: typeof info.messageId === 'string' ? info.messageId : null };
    } catch (error) {
      throw toSendFailure(error as NodemailerError);
    }
  }

  onModuleDestroy(): void {
    this.transport?.close();
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
