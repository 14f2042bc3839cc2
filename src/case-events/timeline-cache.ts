import { Injectable } from '@nestjs/common';
import { AppConfig } from '../config/app-config.js';

/** A timeline page as answered: its JSON and that JSON's ETag. */
export interface TimelineAnswer {
  json: string;
  etag: string;
}

interface Entry extends TimelineAnswer {
  version: string;
}

/**
 * Timeline pages as the JSON last answered, in this process's memory, least recently used first out
 * of a byte budget (TIMELINE_CACHE_MB). An entry is only ever answered for the version it was made
 * from: the caller reads the case's current version from the database on every request, so an edit
 * made by any app instance is seen at once, and nothing here needs expiring or invalidating.
 */
@Injectable()
export class TimelineCache {
  private readonly entries = new Map<string, Entry>();
  private readonly budget: number;
  private bytes = 0;

  constructor(config: AppConfig) {
    this.budget = config.timelineCacheBytes;
  }

  /** The answer stored under the key, if it was made from this version. */
  get(key: string, version: string): TimelineAnswer | undefined {
    const entry = this.entries.get(key);
    if (!entry || entry.version !== version) return undefined;
    // Most recently used goes last: a Map iterates in insertion order.
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry;
  }

  set(key: string, version: string, answer: TimelineAnswer): void {
    this.remove(key);
    const size = sizeOf(key, answer.json);
    if (size > this.budget / 4) return;
    this.entries.set(key, { version, ...answer });
    this.bytes += size;
    for (const oldest of this.entries.keys()) {
      if (this.bytes <= this.budget) break;
      this.remove(oldest);
    }
  }

  private remove(key: string): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.entries.delete(key);
    this.bytes -= sizeOf(key, entry.json);
  }
}

/** UTF-16 code units take two bytes each in memory (V8 may store Latin-1 text in one; this errs high). */
const sizeOf = (key: string, json: string): number => 2 * (key.length + json.length);
