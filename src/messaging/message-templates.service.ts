import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { In, Repository } from 'typeorm';
import { Clock } from '../common/clock.js';
import { notFound } from '../common/errors/domain-error.js';
import { Transactions } from '../database/transactions.js';
import type { PageQueryDto } from '../common/http/pagination.js';
import { inChunks } from '../database/in-chunks.js';
import { keysetPage } from '../database/keyset-page.js';
import type { CreateMessageTemplateDto, UpdateMessageTemplateDto } from './dto/message-template.dto.js';
import { MessageRenderer, type MessageDraft } from './message-renderer.service.js';
import { MessageTemplate } from './message-template.entity.js';
import type { MessageChannel, MessageTemplateRecord } from './records.js';
import { messageTemplateView, type MessageTemplateView } from './messaging.views.js';
import type { Page } from '../common/http/pagination.js';

/** A firm's message templates; every save is checked (syntax, merge fields, a trial render) before it is stored. */
@Injectable()
export class MessageTemplatesService {
  constructor(
    @InjectRepository(MessageTemplate) private readonly templates: Repository<MessageTemplate>,
    private readonly renderer: MessageRenderer,
    private readonly transactions: Transactions,
    private readonly clock: Clock,
  ) {}

  async create(firmId: string, createdBy: string, dto: CreateMessageTemplateDto): Promise<MessageTemplateView> {
    const subject = dto.channel === 'email' ? (dto.subject ?? null) : null;
    await this.renderer.check({ channel: dto.channel, subject, body: dto.body });
    const now = this.clock.now();
    const template = this.templates.create({
      id: randomUUID(),
      firmId,
      channel: dto.channel,
      name: dto.name,
      subject,
      body: dto.body,
      createdBy,
      createdAt: now,
      updatedAt: now,
    });
    await this.transactions.run((em) => em.insert(MessageTemplate, template));
    return messageTemplateView(template);
  }

  /** What the editor calls as the user types: the checks saving runs, with the merge fields' examples; nothing is stored. */
  async check(draft: MessageDraft): Promise<void> {
    await this.renderer.check({ ...draft, subject: draft.channel === 'email' ? (draft.subject ?? null) : null });
  }

  /**
   * A template of the firm; another firm's is answered as missing. Read in the caller's transaction
   * if there is one (a new reminder rule names its template).
   */
  async get(firmId: string, id: string): Promise<MessageTemplateRecord> {
    const template = await this.transactions.manager.findOneBy(MessageTemplate, { id, firmId });
    if (!template) throw notFound('That template');
    return template;
  }

  /** The channel of each of these templates of the firm (a missing one is absent), read in the caller's transaction. */
  async channelsOf(firmId: string, ids: string[]): Promise<Map<string, MessageChannel>> {
    const em = this.transactions.manager;
    const found = await inChunks([...new Set(ids)], (chunk) =>
      em.find(MessageTemplate, { select: { id: true, channel: true }, where: { firmId, id: In(chunk) } }),
    );
    return new Map(found.map((t) => [t.id, t.channel]));
  }

  /**
   * Templates by id, of any firm: the reminder worker reads the templates its deliveries are written
   * from. Read in the caller's transaction if there is one.
   */
  findMany(ids: string[]): Promise<MessageTemplateRecord[]> {
    const em = this.transactions.manager;
    return inChunks([...new Set(ids)], (chunk) => em.findBy(MessageTemplate, { id: In(chunk) }));
  }

  /** The firm's templates, oldest first. */
  async list(firmId: string, query: PageQueryDto): Promise<Page<MessageTemplateView>> {
    const page = await keysetPage(
      this.templates.createQueryBuilder('t').where('t.firmId = :firmId', { firmId }),
      'createdAt',
      query,
    );
    return { items: page.items.map(messageTemplateView), nextCursor: page.nextCursor };
  }

  /** Applies the given fields and checks the result as a whole, as a new template would be. */
  async update(firmId: string, id: string, dto: UpdateMessageTemplateDto): Promise<MessageTemplateView> {
    const current = await this.get(firmId, id);
    const channel = dto.channel ?? current.channel;
    const next = {
      channel,
      name: dto.name ?? current.name,
      subject: channel === 'email' ? (dto.subject !== undefined ? dto.subject : current.subject) : null,
      body: dto.body ?? current.body,
    };
    await this.renderer.check(next);
    return this.transactions.run(async (em) => {
      const template = await em.findOneBy(MessageTemplate, { id, firmId });
      if (!template) throw notFound('That template');
      Object.assign(template, next, { updatedAt: this.clock.now() });
      await em.save(MessageTemplate, template);
      return messageTemplateView(template);
    });
  }

  async delete(firmId: string, id: string): Promise<void> {
    await this.transactions.run(async (em) => {
      const template = await em.findOneBy(MessageTemplate, { id, firmId });
      if (!template) throw notFound('That template');
      await em.delete(MessageTemplate, { id });
    });
  }
}
