import { toValue, type Emitter } from 'liquidjs';

/** Why a render was stopped by what it wrote: the message part passed its length, or the render wrote too much in all. */
export class OutputLimitExceeded extends Error {
  constructor(
    readonly kind: 'part' | 'total',
    readonly limit: number,
  ) {
    super(`output passed ${limit} characters`);
    this.name = 'OutputLimitExceeded';
  }
}

/** Characters one render may write in all, captures included: liquid's memory limit does not count them. */
export class OutputBudget {
  private used = 0;

  constructor(private readonly limit: number) {}

  charge(chars: number): void {
    this.used += chars;
    if (this.used > this.limit) throw new OutputLimitExceeded('total', this.limit);
  }
}

/** liquid's own rule for turning a value into output. */
function stringify(value: unknown): string {
  const plain: unknown = toValue(value);
  if (typeof plain === 'string') return plain;
  if (plain === null || plain === undefined) return '';
  if (Array.isArray(plain)) return plain.map(stringify).join('');
  return String(plain);
}

/**
 * Collects a render's output and stops it the moment it passes `maxChars`, before the piece that
 * passes is appended, so a runaway loop never builds the long text it is refused for.
 */
export class BoundedEmitter implements Emitter {
  buffer = '';

  constructor(
    private readonly budget: OutputBudget,
    private readonly maxChars = Number.POSITIVE_INFINITY,
  ) {}

  write(html: unknown): void {
    const text = stringify(html);
    this.budget.charge(text.length);
    if (this.buffer.length + text.length > this.maxChars) throw new OutputLimitExceeded('part', this.maxChars);
    this.buffer += text;
  }
}
