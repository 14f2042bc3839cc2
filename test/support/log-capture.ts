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
