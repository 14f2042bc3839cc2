/**
 * At most `size` holders at a time; the others wait in arrival order. Rendering a feed is CPU work on
 * the one JavaScript thread, so more renders at once add no throughput, only pages held in memory.
 */
export class RenderSlots {
  private free: number;
  private readonly waiting: Array<() => void> = [];

  constructor(size: number) {
    this.free = size;
  }

  /** Resolves once a slot is held; call the returned function exactly once to give it back. */
  async acquire(): Promise<() => void> {
    if (this.free > 0) this.free--;
    else await new Promise<void>((resolve) => this.waiting.push(resolve));
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.waiting.shift();
      // The slot passes straight to the next waiter, so a newcomer cannot overtake it.
      if (next) next();
      else this.free++;
    };
  }
}
