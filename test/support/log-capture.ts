import { Writable } from 'node:stream';

/** Every log line the app writes during a test file, kept to be searched for secrets. */
export class LogCapture {
  readonly lines: string[] = [];
  readonly stream = new Writable({
    write: (chunk: Buffer, _encoding, done) => {
      this.lines.push(chunk.toString('utf8'));
      done();
    },
  });

  get text(): string {
    return this.lines.join('');
  }
}

/** The secrets of the ledger that some log line contains. */
export function secretsInLogs(t: { logs: LogCapture; secrets: Set<string> }): string[] {
  const text = t.logs.text;
  return [...t.secrets].filter((secret) => secret.length >= 8 && text.includes(secret));
}

/** Fails a test file whose logs hold any secret it used (said without printing the secret). */
export function assertNoSecretsLogged(t: { logs: LogCapture; secrets: Set<string> }): void {
  const leaked = secretsInLogs(t);
  if (leaked.length)
    throw new Error(
      `${leaked.length} secret(s) appear in the captured logs, e.g. one starting ${leaked[0]!.slice(0, 4)}…`,
    );
}
