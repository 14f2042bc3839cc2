/**
 * A send the provider did not accept. `permanent`: retrying the same message will be refused again
 * (an invalid number, a 4xx other than 408 and 429, an SMTP 5xx). The message never holds a secret.
 */
export class SendFailure extends Error {
  constructor(
    message: string,
    readonly permanent: boolean,
    /** From the provider's Retry-After, when it gave one. */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = 'SendFailure';
  }
}

/** What a transport reports for an accepted message. */
export interface SentMessage {
  /** The provider's id for it (an SMS sid, an email Message-ID); null when it was only written to the log. */
  providerId: string | null;
}

/** Provider text is quoted in lastError: one line, bounded. */
export function shortText(value: unknown, max = 200): string {
  return typeof value === 'string'
    ? value
        .replace(/[\r\n\t]+/g, ' ')
        .replace(/[^\x20-\x7e\u00a0-\uffff]/g, '')
        .trim()
        .slice(0, max)
    : '';
}
