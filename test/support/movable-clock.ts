import { Clock } from '../../src/common/clock.js';

/** The real time plus an offset a test may move, so "30 days later" needs no waiting. */
export class MovableClock extends Clock {
  offsetMs = 0;
  override now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }
}
