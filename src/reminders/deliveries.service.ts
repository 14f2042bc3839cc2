import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { CaseEventsService } from '../case-events/case-events.service.js';
import type { Page, PageQueryDto } from '../common/http/pagination.js';
import { keysetPage } from '../database/keyset-page.js';
import { Delivery } from './delivery.entity.js';
import { deliveryView, type DeliveryView } from './reminders.views.js';

/** What staff see of an event's reminders. */
@Injectable()
export class DeliveriesService {
  constructor(
    @InjectRepository(Delivery) private readonly deliveries: Repository<Delivery>,
    private readonly events: CaseEventsService,
  ) {}

  /** The event's deliveries by dueAt; another firm's event is not_found. */
  async listForEvent(firmId: string, eventId: string, query: PageQueryDto): Promise<Page<DeliveryView>> {
    await this.events.get(firmId, eventId);
    const qb = this.deliveries
      .createQueryBuilder('d')
      .where('d.eventId = :eventId AND d.firmId = :firmId', { eventId, firmId });
    const page = await keysetPage(qb, 'dueAt', query);
    return { items: page.items.map(deliveryView), nextCursor: page.nextCursor };
  }
}
