import { Injectable } from '@nestjs/common';

/**
 * Runs template work (a parse, a render, a segment count) one piece per event-loop turn, in the
 * order asked. Each piece is bounded: a parse of at most 16,000 characters, a render stopped by the
 * engine's limits, a segment count of at most 1,600 characters. Between two pieces the loop answers
 * whatever else is waiting, so a burst of renders cannot add up into a pause: another request waits
 * for one piece at most, never for the whole burst.
 */
@Injectable()
export class RenderQueue {
  private readonly waiting: Array<() => void> = [];
  private draining = false;

  run<T>(work: () => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.waiting.push(() => {
        try {
          resolve(work());
        } catch (error) {
          reject(error);
        }
      });
      if (!this.draining) {
        this.draining = true;
        setImmediate(this.next);
      }
    });
  }

  /** One piece, then the poll phase (sockets, /health) before the next. */
  private readonly next = (): void => {
    this.waiting.shift()?.();
    if (this.waiting.length > 0) setImmediate(this.next);
    else this.draining = false;
  };
}
