import { Column, Entity, PrimaryColumn, type ValueTransformer } from 'typeorm';

/** MySQL hands a BIGINT over as a string, SQLite as a number: both read as a number (epoch ms fits a double). */
const epochMs: ValueTransformer = {
  to: (value: unknown) => value,
  from: (value: unknown) => (value === null || value === undefined ? null : Number(value)),
};

/**
 * One rate-limit window, as rate-limiter-flexible's SQL stores keep it (table, column names and
 * order are theirs): the attempts counted since the window opened and when it ends. Shared by every
 * app process through the database. Made by migration 1765700000000; the hourly purge forgets
 * windows that have ended.
 */
@Entity('rate_limit_windows')
export class RateLimitWindow {
  /** The limit's name and the SHA-256 of what it counts (an address, an email): no address or email is stored. */
  @PrimaryColumn({ type: 'varchar', length: 100 }) key!: string;
  @Column({ type: 'int' }) points!: number;
  /** When the window ends, epoch milliseconds; null would be a window that never ends (no limit here uses one). */
  @Column({ type: 'bigint', nullable: true, transformer: epochMs }) expire!: number | null;
}
