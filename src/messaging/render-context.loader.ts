import { Injectable } from '@nestjs/common';
import { ValidationFailedError } from '../common/errors/domain-error.js';
import { CaseEventsService } from '../case-events/case-events.service.js';
import { CasesService } from '../identity/cases.service.js';
import { ClientsService } from '../identity/clients.service.js';
import type { MergeInput } from './merge-fields.js';

/** The firm a message is rendered for; the caller already holds it (the signed-in staff's firm, or the worker's job). */
export interface RenderFirm {
  id: string;
  name: string;
  timezone: string;
}

/** Loads what merge values are computed from, scoped to one firm: another firm's event or client is not_found. */
export interface RenderContextLoader {
  load(firm: RenderFirm, ids: { eventId: string; clientId: string }): Promise<MergeInput>;
}

export const RENDER_CONTEXT_LOADER = Symbol('RENDER_CONTEXT_LOADER');

/** Reads the event, its case and the client through their modules' services. */
@Injectable()
export class CaseEventRenderContextLoader implements RenderContextLoader {
  constructor(
    private readonly events: CaseEventsService,
    private readonly cases: CasesService,
    private readonly clients: ClientsService,
  ) {}

  async load(firm: RenderFirm, ids: { eventId: string; clientId: string }): Promise<MergeInput> {
    const event = await this.events.get(firm.id, ids.eventId);
    const client = await this.clients.get(firm.id, ids.clientId);
    const legalCase = await this.cases.get(firm.id, event.caseId);
    // Reminders only ever go to the clients on the event's case; a preview for anyone else would mislead.
    if (!legalCase.clientIds.includes(client.id)) {
      throw new ValidationFailedError([
        { field: 'clientId', message: "clientId is not a client on this event's case" },
      ]);
    }
    return {
      client: { firstName: client.firstName, lastName: client.lastName, timezone: client.timezone },
      firm: { name: firm.name, timezone: firm.timezone },
      event: {
        title: event.title,
        startsAt: event.startsAt,
        timezone: event.timezone,
        location: event.location,
        videoLink: event.videoLink,
      },
      caseTitle: legalCase.title,
    };
  }
}
