import { Clock } from '../../src/common/clock.js';

/** The real time plus an offset a test may move, so "30 days later" needs no waiting. */
export class MovableClock extends Clock {
  offsetMs = 0;
  override now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }
}

/** A clock that stands still until a test moves it, so a spec can assert exact stored times. */
export class StoppedClock extends Clock {
  /** Whole milliseconds, as both databases keep them. */
  at = new Date();

  override now(): Date {
    return new Date(this.at);
  }
}
