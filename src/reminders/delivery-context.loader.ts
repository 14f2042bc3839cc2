import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, Repository } from 'typeorm';
import type { CaseEventRecord } from '../case-events/case-event-hooks.js';
import { CaseEventsService } from '../case-events/case-events.service.js';
import { DomainError } from '../common/errors/domain-error.js';
import { CasesService } from '../identity/cases.service.js';
import { ClientsService } from '../identity/clients.service.js';
import { FirmsService } from '../identity/firms.service.js';
import type { CaseSummary, ClientProfile } from '../identity/records.js';
import type { Delivery } from './delivery.entity.js';
import { MessageTemplatesService } from '../messaging/message-templates.service.js';
import type { MessageTemplateRecord } from '../messaging/records.js';
import type { RenderFirm } from '../messaging/render-context.loader.js';
import { ReminderRule } from './reminder-rule.entity.js';

/** Everything a batch of deliveries is rendered from, read once per batch; a missing record is simply absent. */
export interface DeliveryContext {
  events: Map<string, CaseEventRecord>;
  clients: Map<string, ClientProfile>;
  cases: Map<string, CaseSummary>;
  firms: Map<string, RenderFirm>;
  rules: Map<string, ReminderRule>;
  templates: Map<string, MessageTemplateRecord>;
}

/**
 * The render-context loader reads one event and one client per message; the worker reads a whole
 * claimed batch at once, through the same services, so a batch costs a handful of queries.
 */
@Injectable()
export class DeliveryContextLoader {
  constructor(
    private readonly events: CaseEventsService,
    private readonly clients: ClientsService,
    private readonly cases: CasesService,
    private readonly firms: FirmsService,
    @InjectRepository(ReminderRule) private readonly rules: Repository<ReminderRule>,
    private readonly templates: MessageTemplatesService,
  ) {}

  async load(rows: Delivery[]): Promise<DeliveryContext> {
    const reminders = rows.filter((d) => d.kind === 'reminder');
    const [events, clients, rules, firms] = await Promise.all([
      this.events.findMany(distinct(reminders.map((d) => d.eventId))),
      this.clients.findMany(distinct(reminders.map((d) => d.clientId))),
      this.findRules(distinct(reminders.map((d) => d.ruleId))),
      this.findFirms(distinct(rows.map((d) => d.firmId))),
    ]);
    const templateIds = distinct(rules.map((r) => r.templateId));
    const [templates, cases] = await Promise.all([this.templates.findMany(templateIds), this.findCases(events)]);
    return {
      events: byId(events),
      clients: byId(clients),
      cases,
      firms: new Map(firms.map((f) => [f.id, f])),
      rules: byId(rules),
      templates: byId(templates),
    };
  }

  private findRules(ids: string[]): Promise<ReminderRule[]> {
    return ids.length ? this.rules.findBy({ id: In(ids) }) : Promise.resolve([]);
  }

  private async findFirms(ids: string[]): Promise<RenderFirm[]> {
    const found = await Promise.all(ids.map((id) => orNull(this.firms.get(id))));
    return found.filter((f) => f !== null).map((f) => ({ id: f.id, name: f.name, timezone: f.timezone }));
  }

  /** The events' cases, each read once for the batch and kept only if it is in its event's firm. */
  private async findCases(events: CaseEventRecord[]): Promise<Map<string, CaseSummary>> {
    const firmOf = new Map(events.map((e) => [e.caseId, e.firmId]));
    const found = await this.cases.summaries([...firmOf.keys()]);
    return new Map(found.filter((c) => firmOf.get(c.id) === c.firmId).map((c) => [c.id, c]));
  }
}

function distinct(values: Array<string | null>): string[] {
  return [...new Set(values.filter((v): v is string => v !== null))];
}

function byId<T extends { id: string }>(items: T[]): Map<string, T> {
  return new Map(items.map((item) => [item.id, item]));
}

/** not_found becomes null: a record deleted since the delivery was planned. */
async function orNull<T>(work: Promise<T>): Promise<T | null> {
  try {
    return await work;
  } catch (error) {
    if (error instanceof DomainError) return null;
    throw error;
  }
}
