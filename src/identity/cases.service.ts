import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { In, IsNull, Repository, type EntityManager, type ObjectLiteral } from 'typeorm';
import { Clock } from '../common/clock.js';
import { notFound, ValidationFailedError } from '../common/errors/domain-error.js';
import type { Page } from '../common/http/pagination.js';
import type { SearchPageQueryDto } from '../common/http/search-page.query.js';
import { containsPattern, foldForSearch, LIKE_ESCAPE, searchTextOf } from '../common/text/search-text.js';
import { inChunks } from '../database/in-chunks.js';
import { keysetPage } from '../database/keyset-page.js';
import { RowLocks } from '../database/row-locks.js';
import { Transactions } from '../database/transactions.js';
import { ClientsService } from './clients.service.js';
import type { CreateCaseDto, UpdateCaseDto } from './dto/case.dto.js';
import { CASE_SEARCH_TEXT_LENGTH, CaseClient, CaseStaff, LegalCase } from './entities/legal-case.entity.js';
import { StaffUser } from './entities/staff-user.entity.js';
import { IdentityHooks } from './identity-hooks.js';
import type { CaseClientContact, CaseSummary } from './records.js';

export interface CaseView {
  id: string;
  firmId: string;
  title: string;
  clientIds: string[];
  staffIds: string[];
  createdBy: string;
  createdAt: string;
}

const caseSearchText = (title: string): string => searchTextOf([title], CASE_SEARCH_TEXT_LENGTH);

/** What `next` adds to and removes from `current`. */
function difference(current: string[], next: string[]): { added: string[]; removed: string[] } {
  const before = new Set(current);
  const after = new Set(next);
  return { added: next.filter((id) => !before.has(id)), removed: current.filter((id) => !after.has(id)) };
}

@Injectable()
export class CasesService {
  constructor(
    @InjectRepository(LegalCase) private readonly cases: Repository<LegalCase>,
    @InjectRepository(CaseClient) private readonly caseClients: Repository<CaseClient>,
    @InjectRepository(CaseStaff) private readonly caseStaff: Repository<CaseStaff>,
    @InjectRepository(StaffUser) private readonly users: Repository<StaffUser>,
    private readonly clients: ClientsService,
    private readonly transactions: Transactions,
    private readonly rowLocks: RowLocks,
    private readonly hooks: IdentityHooks,
    private readonly clock: Clock,
  ) {}

  async create(firmId: string, createdBy: string, dto: CreateCaseDto): Promise<CaseView> {
    const staffIds = dto.staffIds ?? [];
    await this.assertMembersOfFirm(firmId, dto.clientIds, staffIds);
    const title = dto.title.trim();
    const legalCase = this.cases.create({
      id: randomUUID(),
      firmId,
      title,
      searchText: caseSearchText(title),
      createdBy,
      createdAt: this.clock.now(),
    });
    await this.transactions.run(async (em) => {
      await em.insert(LegalCase, legalCase);
      if (dto.clientIds.length)
        await em.insert(
          CaseClient,
          dto.clientIds.map((clientId) => ({ caseId: legalCase.id, clientId })),
        );
      if (staffIds.length)
        await em.insert(
          CaseStaff,
          staffIds.map((userId) => ({ caseId: legalCase.id, userId })),
        );
    });
    return this.view(legalCase, dto.clientIds, staffIds);
  }

  /** The case, if it belongs to the firm; otherwise not_found, exactly as a missing one. */
  async get(firmId: string, id: string): Promise<CaseView> {
    const legalCase = await this.cases.findOneBy({ id, firmId });
    if (!legalCase) throw notFound('That case');
    const [clientLinks, staffLinks] = await Promise.all([
      this.caseClients.findBy({ caseId: id }),
      this.caseStaff.findBy({ caseId: id }),
    ]);
    return this.view(
      legalCase,
      clientLinks.map((l) => l.clientId),
      staffLinks.map((l) => l.userId),
    );
  }

  /**
   * The firm's cases, oldest first; `q` keeps those whose title contains it, ignoring case and accents.
   * The page's keys come from the index (firmId, createdAt, id, searchText) alone, the rows by id after,
   * as for clients (ClientsService.list).
   */
  async list(firmId: string, query: SearchPageQueryDto): Promise<Page<CaseView>> {
    const qb = this.cases
      .createQueryBuilder('c')
      .select(['c.id', 'c.createdAt'])
      .where('c.firmId = :firmId', { firmId });
    if (query.q !== undefined && foldForSearch(query.q) !== '') {
      qb.andWhere(`c.searchText LIKE :pattern ESCAPE '${LIKE_ESCAPE}'`, { pattern: containsPattern(query.q) });
    }
    const keys = await keysetPage(qb, 'createdAt', query);
    const ids = keys.items.map((c) => c.id);
    const [rows, clientLinks, staffLinks] = ids.length
      ? await Promise.all([
          this.cases.findBy({ id: In(ids) }),
          this.caseClients.findBy({ caseId: In(ids) }),
          this.caseStaff.findBy({ caseId: In(ids) }),
        ])
      : [[], [], []];
    // Read by id alone (as ClientsService.list does); the firm is checked again here.
    const byId = new Map(rows.filter((c) => c.firmId === firmId).map((c) => [c.id, c]));
    const page = ids.map((id) => byId.get(id)).filter((c): c is LegalCase => c !== undefined);
    const of = <L extends { caseId: string }>(links: L[], caseId: string, pick: (l: L) => string) =>
      links.filter((l) => l.caseId === caseId).map(pick);
    return {
      items: page.map((c) =>
        this.view(
          c,
          of(clientLinks, c.id, (l) => l.clientId),
          of(staffLinks, c.id, (l) => l.userId),
        ),
      ),
      nextCursor: keys.nextCursor,
    };
  }

  /**
   * Applies the title and replaces each list the body names. Membership changes of one case are
   * serialized by a lock on the case row, and what was added and removed is computed under it from the
   * current rows, so listeners (Messaging's reminders) always see the membership this change leaves.
   */
  async update(firmId: string, id: string, dto: UpdateCaseDto): Promise<CaseView> {
    await this.assertExists(firmId, id);
    await this.assertMembersOfFirm(firmId, dto.clientIds ?? [], dto.staffIds ?? []);
    return this.transactions.run(async (em) => {
      const legalCase = await this.rowLocks.forUpdate(em, LegalCase, { id, firmId });
      if (!legalCase) throw notFound('That case');
      if (dto.title !== undefined) {
        legalCase.title = dto.title.trim();
        legalCase.searchText = caseSearchText(legalCase.title);
        await em.update(LegalCase, { id }, { title: legalCase.title, searchText: legalCase.searchText });
      }
      const clientIds = (await this.current(em, CaseClient, id)).map((l) => l.clientId);
      const staffIds = (await this.current(em, CaseStaff, id)).map((l) => l.userId);
      if (dto.staffIds) {
        const { added, removed } = difference(staffIds, dto.staffIds);
        if (removed.length) await em.delete(CaseStaff, { caseId: id, userId: In(removed) });
        if (added.length)
          await em.insert(
            CaseStaff,
            added.map((userId) => ({ caseId: id, userId })),
          );
      }
      if (dto.clientIds) {
        const { added, removed } = difference(clientIds, dto.clientIds);
        if (removed.length) await em.delete(CaseClient, { caseId: id, clientId: In(removed) });
        if (added.length)
          await em.insert(
            CaseClient,
            added.map((clientId) => ({ caseId: id, clientId })),
          );
        if (added.length || removed.length) {
          const clients = await this.clients.contacts(dto.clientIds);
          await this.hooks.emit({ kind: 'case_clients_changed', firmId, caseId: id, added, removed, clients });
        }
      }
      return this.view(legalCase, dto.clientIds ?? clientIds, dto.staffIds ?? staffIds);
    });
  }

  /** Throws not_found unless the case belongs to the firm; one cheap query. */
  async assertExists(firmId: string, id: string): Promise<void> {
    if (!(await this.cases.existsBy({ id, firmId }))) throw notFound('That case');
  }

  /**
   * The clients on these cases as they are now, with where a message to each can go, read in the
   * caller's transaction. There, on MySQL, under a shared lock: a consistent read could miss a
   * membership change committed meanwhile (and plan for a client just removed), and the lock makes a
   * concurrent PATCH /cases/:id wait for the caller's transaction, or it for that one.
   */
  async clientsOn(caseIds: string[]): Promise<CaseClientContact[]> {
    const em = this.transactions.manager;
    const links = await inChunks([...new Set(caseIds)], (chunk) => {
      const qb = em.createQueryBuilder(CaseClient, 'l').where('l.caseId IN (:...chunk)', { chunk });
      if (this.transactions.kind === 'mysql' && this.transactions.inTransaction) qb.setLock('pessimistic_read');
      return qb.getMany();
    });
    const clients = new Map((await this.clients.contacts(links.map((l) => l.clientId))).map((c) => [c.id, c]));
    return links.flatMap((l) => {
      const client = clients.get(l.clientId);
      return client ? [{ caseId: l.caseId, client }] : [];
    });
  }

  /** The cases among `ids` that exist, each with its clients, in two queries however many: a batch of reminders is written from them. */
  async summaries(ids: string[]): Promise<CaseSummary[]> {
    const unique = [...new Set(ids)];
    const em = this.transactions.manager;
    const [cases, links] = await Promise.all([
      inChunks(unique, (chunk) =>
        em.find(LegalCase, { select: { id: true, firmId: true, title: true }, where: { id: In(chunk) } }),
      ),
      inChunks(unique, (chunk) => em.findBy(CaseClient, { caseId: In(chunk) })),
    ]);
    const clientIds = new Map<string, string[]>();
    for (const link of links) {
      const onCase = clientIds.get(link.caseId);
      if (onCase) onCase.push(link.clientId);
      else clientIds.set(link.caseId, [link.clientId]);
    }
    return cases.map((c) => ({ id: c.id, firmId: c.firmId, title: c.title, clientIds: clientIds.get(c.id) ?? [] }));
  }

  /** Ids of the cases a client is on. */
  async caseIdsOfClient(clientId: string): Promise<string[]> {
    return (await this.caseClients.findBy({ clientId })).map((l) => l.caseId);
  }

  /** The ids among `ids` that are not current members of the firm's staff (former members included). */
  async foreignStaffIds(firmId: string, ids: string[]): Promise<string[]> {
    if (ids.length === 0) return [];
    const found = await this.users.find({ select: { id: true }, where: { firmId, id: In(ids), removedAt: IsNull() } });
    const known = new Set(found.map((u) => u.id));
    return ids.filter((id) => !known.has(id));
  }

  /** 400 naming the field for every id that is not the firm's client or current staff member. */
  private async assertMembersOfFirm(firmId: string, clientIds: string[], staffIds: string[]): Promise<void> {
    const foreignClients = await this.clients.foreignIds(firmId, clientIds);
    const foreignStaff = await this.foreignStaffIds(firmId, staffIds);
    if (foreignClients.length || foreignStaff.length) {
      throw new ValidationFailedError([
        ...foreignClients.map((cid) => ({
          field: 'clientIds',
          message: `clientIds contains ${cid}, which is not a client of your firm`,
        })),
        ...foreignStaff.map((sid) => ({
          field: 'staffIds',
          message: `staffIds contains ${sid}, which is not a member of your firm`,
        })),
      ]);
    }
  }

  /** A case's link rows, read as they are now (locked on MySQL, so no earlier snapshot can hide a commit). */
  private current<T extends ObjectLiteral & { caseId: string }>(
    em: EntityManager,
    entity: new () => T,
    caseId: string,
  ): Promise<T[]> {
    const qb = em.createQueryBuilder(entity, 'l').where('l.caseId = :caseId', { caseId });
    if (this.transactions.kind === 'mysql') qb.setLock('pessimistic_write');
    return qb.getMany();
  }

  private view(c: LegalCase, clientIds: string[], staffIds: string[]): CaseView {
    return {
      id: c.id,
      firmId: c.firmId,
      title: c.title,
      clientIds,
      staffIds,
      createdBy: c.createdBy,
      createdAt: c.createdAt.toISOString(),
    };
  }
}
