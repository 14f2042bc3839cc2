import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { In, Repository } from 'typeorm';
import { Clock } from '../common/clock.js';
import { PasswordHasher } from '../common/crypto/password-hasher.js';
import { DomainError, notFound } from '../common/errors/domain-error.js';
import { isUniqueViolation } from '../database/driver-errors.js';
import { inChunks } from '../database/in-chunks.js';
import { Transactions } from '../database/transactions.js';
import type { Page } from '../common/http/pagination.js';
import type { SearchPageQueryDto } from '../common/http/search-page.query.js';
import { containsPattern, foldForSearch, LIKE_ESCAPE, searchTextOf } from '../common/text/search-text.js';
import { keysetPage } from '../database/keyset-page.js';
import type { CreateClientDto, UpdateClientDto } from './dto/client.dto.js';
import { Client, CLIENT_SEARCH_TEXT_LENGTH } from './entities/client.entity.js';
import { Session } from './entities/session.entity.js';
import { IdentityHooks } from './identity-hooks.js';
import { IdentityErrorCode } from './identity.errors.js';
import type { ClientContact, ClientProfile } from './records.js';
import { normalizeEmail } from './staff-users.service.js';

/** The email portal sign-in finds the client by: set while the client has portal access. */
const portalLoginEmail = (client: Pick<Client, 'email' | 'portalPasswordHash'>): string | null =>
  client.portalPasswordHash !== null ? client.email : null;

/** What GET /clients?q= matches: "first last email", folded. */
const clientSearchText = (client: Pick<Client, 'firstName' | 'lastName' | 'email'>): string =>
  searchTextOf([client.firstName, client.lastName, client.email], CLIENT_SEARCH_TEXT_LENGTH);

function portalEmailTaken(error: unknown): unknown {
  return isUniqueViolation(error)
    ? new DomainError(
        IdentityErrorCode.PORTAL_EMAIL_TAKEN,
        'Another client of your firm with this email already has portal access. Each email can sign in to your portal once.',
      )
    : error;
}

@Injectable()
export class ClientsService {
  constructor(
    @InjectRepository(Client) private readonly clients: Repository<Client>,
    private readonly transactions: Transactions,
    private readonly hasher: PasswordHasher,
    private readonly clock: Clock,
    private readonly hooks: IdentityHooks,
  ) {}

  async create(firmId: string, dto: CreateClientDto): Promise<Client> {
    const now = this.clock.now();
    const client = this.clients.create({
      id: randomUUID(),
      firmId,
      firstName: dto.firstName.trim(),
      lastName: dto.lastName.trim(),
      email: dto.email ? normalizeEmail(dto.email) : null,
      phone: dto.phone ?? null,
      timezone: dto.timezone ?? null,
      smsOptIn: dto.smsOptIn ?? false,
      portalPasswordHash: dto.portalPassword ? await this.hasher.hash(dto.portalPassword) : null,
      createdAt: now,
      updatedAt: now,
    });
    client.portalLoginEmail = portalLoginEmail(client);
    client.searchText = clientSearchText(client);
    await this.transactions
      .run((em) => em.insert(Client, client))
      .catch((error: unknown) => Promise.reject(portalEmailTaken(error)));
    return client;
  }

  /** A client of that firm; another firm's client is answered as missing. */
  async get(firmId: string, id: string): Promise<Client> {
    const client = await this.clients.findOneBy({ id, firmId });
    if (!client) throw notFound('That client');
    return client;
  }

  /**
   * The firm's clients, oldest first; `q` keeps those whose "first last email" contains it, ignoring case
   * and accents. The page's keys come from the index (firmId, createdAt, id, searchText) alone, the rows
   * by id after: a `q` that matches few scans the whole firm, and reading each row it passes only to test
   * the text was most of the time (docs/benchmarks.md, "Search lists").
   */
  async list(firmId: string, query: SearchPageQueryDto): Promise<Page<Client>> {
    const qb = this.clients
      .createQueryBuilder('c')
      .select(['c.id', 'c.createdAt'])
      .where('c.firmId = :firmId', { firmId });
    if (query.q !== undefined && foldForSearch(query.q) !== '') {
      qb.andWhere(`c.searchText LIKE :pattern ESCAPE '${LIKE_ESCAPE}'`, { pattern: containsPattern(query.q) });
    }
    const keys = await keysetPage(qb, 'createdAt', query);
    // By id alone (with firmId too, SQLite would walk the firm's index); the firm is checked again here.
    const rows = keys.items.length ? await this.clients.findBy({ id: In(keys.items.map((k) => k.id)) }) : [];
    const byId = new Map(rows.filter((c) => c.firmId === firmId).map((c) => [c.id, c]));
    return {
      items: keys.items.map((k) => byId.get(k.id)).filter((c): c is Client => c !== undefined),
      nextCursor: keys.nextCursor,
    };
  }

  /**
   * Applies the given fields. A new portal password ends every session of the client; `null` ends
   * portal access: sessions and the portal feed (through IdentityHooks) go in the same transaction.
   */
  async update(firmId: string, id: string, dto: UpdateClientDto): Promise<Client> {
    const portalPasswordHash = dto.portalPassword ? await this.hasher.hash(dto.portalPassword) : undefined;
    return this.transactions
      .run(async (em) => {
        const client = await em.findOneBy(Client, { id, firmId });
        if (!client) throw notFound('That client');
        if (dto.firstName !== undefined) client.firstName = dto.firstName.trim();
        if (dto.lastName !== undefined) client.lastName = dto.lastName.trim();
        if (dto.email !== undefined) client.email = dto.email ? normalizeEmail(dto.email) : null;
        if (dto.phone !== undefined) client.phone = dto.phone;
        if (dto.timezone !== undefined) client.timezone = dto.timezone;
        if (dto.smsOptIn !== undefined) client.smsOptIn = dto.smsOptIn;
        if (portalPasswordHash) client.portalPasswordHash = portalPasswordHash;
        if (dto.portalPassword === null) client.portalPasswordHash = null;
        client.portalLoginEmail = portalLoginEmail(client);
        client.searchText = clientSearchText(client);
        client.updatedAt = this.clock.now();
        await em.save(Client, client);
        if (dto.portalPassword !== undefined)
          await em.delete(Session, { kind: 'client', subjectId: client.id, firmId });
        if (dto.portalPassword === null)
          await this.hooks.emit({ kind: 'client_portal_access_ended', firmId, clientId: client.id });
        return client;
      })
      .catch((error: unknown) => Promise.reject(portalEmailTaken(error)));
  }

  /** The ids among `ids` that are not clients of the firm. */
  async foreignIds(firmId: string, ids: string[]): Promise<string[]> {
    if (ids.length === 0) return [];
    const found = await this.clients.find({ select: { id: true }, where: { firmId, id: In(ids) } });
    const known = new Set(found.map((c) => c.id));
    return ids.filter((id) => !known.has(id));
  }

  /**
   * Clients by id, of any firm: the reminder worker reads the clients its deliveries go to. Read in the
   * caller's transaction if there is one.
   */
  async findMany(ids: string[]): Promise<ClientProfile[]> {
    const em = this.transactions.manager;
    const found = await inChunks(ids, (chunk) => em.findBy(Client, { id: In(chunk) }));
    return found.map((c) => ({ ...contactOf(c), firstName: c.firstName, lastName: c.lastName, timezone: c.timezone }));
  }

  /** Where messages to these clients can go, read in the caller's transaction if there is one. */
  async contacts(ids: string[]): Promise<ClientContact[]> {
    const em = this.transactions.manager;
    const select = { id: true, firmId: true, email: true, phone: true, smsOptIn: true } as const;
    const found = await inChunks([...new Set(ids)], (chunk) => em.find(Client, { select, where: { id: In(chunk) } }));
    return found.map(contactOf);
  }
}

function contactOf(c: Client): ClientContact {
  return { id: c.id, firmId: c.firmId, email: c.email, phone: c.phone, smsOptIn: c.smsOptIn };
}
