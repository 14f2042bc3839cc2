import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { In, Repository } from 'typeorm';
import { Clock } from '../common/clock.js';
import { notFound, ValidationFailedError } from '../common/errors/domain-error.js';
import { Transactions } from '../database/transactions.js';
import { ClientsService } from './clients.service.js';
import type { CreateCaseDto } from './dto/case.dto.js';
import { CaseClient, CaseStaff, LegalCase } from './entities/legal-case.entity.js';
import { StaffUser } from './entities/staff-user.entity.js';

export interface CaseView {
  id: string;
  firmId: string;
  title: string;
  clientIds: string[];
  staffIds: string[];
  createdBy: string;
  createdAt: string;
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
    private readonly clock: Clock,
  ) {}

  async create(firmId: string, createdBy: string, dto: CreateCaseDto): Promise<CaseView> {
    const staffIds = dto.staffIds ?? [];
    const foreignClients = await this.clients.foreignIds(firmId, dto.clientIds);
    const foreignStaff = await this.foreignStaffIds(firmId, staffIds);
    if (foreignClients.length || foreignStaff.length) {
      throw new ValidationFailedError([
        ...foreignClients.map((id) => ({ field: 'clientIds', message: `clientIds contains ${id}, which is not a client of your firm` })),
        ...foreignStaff.map((id) => ({ field: 'staffIds', message: `staffIds contains ${id}, which is not a member of your firm` })),
      ]);
    }
    const legalCase = this.cases.create({ id: randomUUID(), firmId, title: dto.title.trim(), createdBy, createdAt: this.clock.now() });
    await this.transactions.run(async (em) => {
      await em.insert(LegalCase, legalCase);
      if (dto.clientIds.length) await em.insert(CaseClient, dto.clientIds.map((clientId) => ({ caseId: legalCase.id, clientId })));
      if (staffIds.length) await em.insert(CaseStaff, staffIds.map((userId) => ({ caseId: legalCase.id, userId })));
    });
    return this.view(legalCase, dto.clientIds, staffIds);
  }

  /** The case, if it belongs to the firm; otherwise not_found, exactly as a missing one. */
  async get(firmId: string, id: string): Promise<CaseView> {
    const legalCase = await this.cases.findOneBy({ id, firmId });
    if (!legalCase) throw notFound('That case');
    const [clientLinks, staffLinks] = await Promise.all([this.caseClients.findBy({ caseId: id }), this.caseStaff.findBy({ caseId: id })]);
    return this.view(legalCase, clientLinks.map((l) => l.clientId), staffLinks.map((l) => l.userId));
  }

  /** Throws not_found unless the case belongs to the firm; one cheap query. */
  async assertExists(firmId: string, id: string): Promise<void> {
    if (!(await this.cases.existsBy({ id, firmId }))) throw notFound('That case');
  }

  /** Ids of the cases a client is on. */
  async caseIdsOfClient(clientId: string): Promise<string[]> {
    return (await this.caseClients.findBy({ clientId })).map((l) => l.caseId);
  }

  /** The ids among `ids` that are not staff of the firm. */
  async foreignStaffIds(firmId: string, ids: string[]): Promise<string[]> {
    if (ids.length === 0) return [];
    const found = await this.users.find({ select: { id: true }, where: { firmId, id: In(ids) } });
    const known = new Set(found.map((u) => u.id));
    return ids.filter((id) => !known.has(id));
  }

  private view(c: LegalCase, clientIds: string[], staffIds: string[]): CaseView {
    return { id: c.id, firmId: c.firmId, title: c.title, clientIds, staffIds, createdBy: c.createdBy, createdAt: c.createdAt.toISOString() };
  }
}
