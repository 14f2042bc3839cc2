import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { Repository } from 'typeorm';
import { CaseEventsService } from '../case-events/case-events.service.js';
import { Clock } from '../common/clock.js';
import { notFound } from '../common/errors/domain-error.js';
import type { Page, PageQueryDto } from '../common/http/pagination.js';
import { keysetPage } from '../database/keyset-page.js';
import { Transactions } from '../database/transactions.js';
import type { CreateReminderRuleDto } from './dto/reminder-rule.dto.js';
import { MessageTemplatesService } from '../messaging/message-templates.service.js';
import { ReminderRule } from './reminder-rule.entity.js';
import { ReminderScheduler } from './reminder-scheduler.service.js';
import { reminderRuleView, type ReminderRuleView } from './reminders.views.js';

/** A firm's reminder rules; adding or removing one plans or cancels its deliveries in the same transaction. */
@Injectable()
export class ReminderRulesService {
  constructor(
    @InjectRepository(ReminderRule) private readonly rules: Repository<ReminderRule>,
    private readonly events: CaseEventsService,
    private readonly templates: MessageTemplatesService,
    private readonly scheduler: ReminderScheduler,
    private readonly transactions: Transactions,
    private readonly clock: Clock,
  ) {}

  /** The rule, and a delivery per client for every upcoming shared event of the firm. */
  async create(firmId: string, createdBy: string, dto: CreateReminderRuleDto): Promise<ReminderRuleView> {
    return this.transactions.run(async (em) => {
      // Through Messaging, in this transaction (the services below join it too).
      const template = await this.templates.get(firmId, dto.templateId);
      const now = this.clock.now();
      const rule: ReminderRule = {
        id: randomUUID(),
        firmId,
        templateId: template.id,
        offsetMinutes: dto.offsetMinutes,
        createdBy,
        createdAt: now,
      };
      await em.insert(ReminderRule, rule);
      await this.scheduler.scheduleRule(rule, template.channel, await this.events.upcomingShared(firmId, now));
      return reminderRuleView(rule);
    });
  }

  /** The firm's rules, oldest first. */
  async list(firmId: string, query: PageQueryDto): Promise<Page<ReminderRuleView>> {
    const page = await keysetPage(
      this.rules.createQueryBuilder('r').where('r.firmId = :firmId', { firmId }),
      'createdAt',
      query,
    );
    return { items: page.items.map(reminderRuleView), nextCursor: page.nextCursor };
  }

  /** Deletes the rule and cancels its pending deliveries; the ones already sent keep their history. */
  async remove(firmId: string, id: string): Promise<void> {
    await this.transactions.run(async (em) => {
      const rule = await em.findOneBy(ReminderRule, { id, firmId });
      if (!rule) throw notFound('That reminder rule');
      await em.delete(ReminderRule, { id });
      await this.scheduler.cancelForRule(id);
    });
  }
}
