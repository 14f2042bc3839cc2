import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { Repository } from 'typeorm';
import { Clock } from '../common/clock.js';
import { hashToken, newOpaqueToken } from '../common/crypto/opaque-token.js';
import { Transactions } from '../database/transactions.js';
import { Session, type SessionKind } from './entities/session.entity.js';

const SESSION_DAYS = 7;
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
        id: randomUUID(), tokenHash: hashToken(token), kind, subjectId, firmId, createdAt: now,
        expiresAt: new Date(now.getTime() + SESSION_DAYS * 86_400_000),
      }),
    );
    return token;
  }

  /** The live session of that kind behind the token, or null. */
  async resolve(token: string, kind: SessionKind): Promise<Session | null> {
    if (!token.startsWith(PREFIX[kind])) return null;
    const session = await this.sessions.findOneBy({ tokenHash: hashToken(token) });
    if (!session || session.kind !== kind || session.expiresAt.getTime() <= this.clock.now().getTime()) return null;
    return session;
  }

  async close(token: string): Promise<void> {
    await this.transactions.run((em) => em.delete(Session, { tokenHash: hashToken(token) }));
  }
}
