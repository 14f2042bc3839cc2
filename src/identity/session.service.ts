import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { LessThan, Repository } from 'typeorm';
import { Clock } from '../common/clock.js';
import { hashToken, newOpaqueToken } from '../common/crypto/opaque-token.js';
import { Transactions } from '../database/transactions.js';
import { Firm } from './entities/firm.entity.js';
import { Session, type SessionKind } from './entities/session.entity.js';

/** How long a session lives; its cookie, where it has one, lives as long. */
export const SESSION_TTL_MS = 7 * 86_400_000;
const PREFIX: Record<SessionKind, string> = { staff: 'mlls_', client: 'mllc_' };

/** Opaque bearer tokens: handed out once, stored as a hash, dead the moment the row goes. */
@Injectable()
export class SessionService {
  constructor(
    @InjectRepository(Session) private readonly sessions: Repository<Session>,
    private readonly transactions: Transactions,
    private readonly clock: Clock,
  ) {}

  async open(kind: SessionKind, subjectId: string, firmId: string): Promise<string> {
    const token = newOpaqueToken(PREFIX[kind]);
    const now = this.clock.now();
    await this.transactions.run((em) =>
      em.insert(Session, {
        id: randomUUID(),
        tokenHash: hashToken(token),
        kind,
        subjectId,
        firmId,
        createdAt: now,
        expiresAt: new Date(now.getTime() + SESSION_TTL_MS),
      }),
    );
    return token;
  }

  /** The live session of that kind behind the token, with its subject and firm (one query), or null. */
  async resolve<T extends { id: string; firmId: string }>(
    token: string,
    kind: SessionKind,
    subject: new () => T,
  ): Promise<{ subject: T; firm: Firm } | null> {
    if (!token.startsWith(PREFIX[kind])) return null;
    const session: (Session & { subject?: T; firm?: Firm }) | null = await this.sessions
      .createQueryBuilder('session')
      .innerJoinAndMapOne(
        'session.subject',
        subject,
        'subject',
        'subject.id = session.subjectId AND subject.firmId = session.firmId',
      )
      .innerJoinAndMapOne('session.firm', Firm, 'firm', 'firm.id = session.firmId')
      .where('session.tokenHash = :tokenHash', { tokenHash: hashToken(token) })
      .getOne();
    if (
      !session?.subject ||
      !session.firm ||
      session.kind !== kind ||
      session.expiresAt.getTime() <= this.clock.now().getTime()
    )
      return null;
    return { subject: session.subject, firm: session.firm };
  }

  /** Deletes sessions past their expiry (the expired-records job); answers how many went. */
  async purgeExpired(): Promise<number> {
    const result = await this.transactions.statement((em) =>
      em.delete(Session, { expiresAt: LessThan(this.clock.now()) }),
    );
    return result.affected ?? 0;
  }

  async close(token: string): Promise<void> {
    await this.transactions.run((em) => em.delete(Session, { tokenHash: hashToken(token) }));
  }
}
