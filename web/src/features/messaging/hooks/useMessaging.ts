import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, ApiError, unwrap, type ApiErrorBody } from '../../../api/client';
import type { components } from '../../../api/schema';

export type Template = components['schemas']['MessageTemplateViewDto'];
export type MergeField = components['schemas']['MergeFieldDto'];
export type ReminderRule = components['schemas']['ReminderRuleViewDto'];
export type Channel = Template['channel'];

export const messagingKeys = {
  all: ['messaging'] as const,
  mergeFields: ['messaging', 'merge-fields'] as const,
  templates: ['messaging', 'templates'] as const,
  rules: ['messaging', 'reminder-rules'] as const,
  check: (draft: Draft) => ['messaging', 'check', draft] as const,
  render: (draft: Draft, eventId: string, clientId: string) =>
    ['messaging', 'render', draft, eventId, clientId] as const,
  events: ['messaging', 'preview-events'] as const,
  clients: ['messaging', 'preview-clients'] as const,
};

/** What the editor holds: the parts a check or a render reads. */
export interface Draft {
  channel: Channel;
  subject: string;
  body: string;
}

/**
 * A refusal of a template, with where it went wrong: `template_syntax_error` carries the line and
 * column (from 1) and the part (`subject` or `body`), `unknown_merge_field` the names.
 */
export class TemplateRefusal extends ApiError {
  constructor(
    status: number,
    body: ApiErrorBody,
    readonly detail: { line?: number; column?: number; fields?: string[]; field?: string },
  ) {
    super(status, body);
  }
}

/** As `unwrap`, but a refusal keeps the template details the contract adds to its body. */
async function unwrapTemplate<T>(call: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  const pending = await call;
  try {
    return await unwrap(Promise.resolve(pending));
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    const raw = (pending.error && typeof pending.error === 'object' ? pending.error : {}) as Record<string, unknown>;
    const num = (v: unknown) => (typeof v === 'number' ? v : undefined);
    throw new TemplateRefusal(error.status, error.body, {
      line: num(raw.line),
      column: num(raw.column),
      field: typeof raw.field === 'string' ? raw.field : undefined,
      fields: Array.isArray(raw.fields) ? raw.fields.filter((f): f is string => typeof f === 'string') : undefined,
    });
  }
}

/** The generated type of `subject` is an empty object (a server schema slip): it is a string. */
const draftBody = (d: Draft) => ({
  channel: d.channel,
  body: d.body,
  ...(d.channel === 'email' ? { subject: d.subject } : {}),
});

export function useMergeFields() {
  return useQuery({
    queryKey: messagingKeys.mergeFields,
    queryFn: async () => (await unwrap(api.GET('/api/v1/messaging/merge-fields'))).items,
    staleTime: Infinity,
  });
}

export function useTemplates() {
  return useQuery({
    queryKey: messagingKeys.templates,
    queryFn: async () =>
      (await unwrap(api.GET('/api/v1/messaging/templates', { params: { query: { limit: 500 } } }))).items,
  });
}

export function useSaveTemplate(id: string | null) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (values: Draft & { name: string }) => {
      const body = { ...draftBody(values), name: values.name };
      return id
        ? unwrapTemplate(
            api.PATCH('/api/v1/messaging/templates/{id}', {
              params: { path: { id } },
              body: { ...body, subject: values.channel === 'email' ? values.subject : null },
            }),
          )
        : unwrapTemplate(api.POST('/api/v1/messaging/templates', { body }));
    },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: messagingKeys.templates }),
  });
}

export function useDeleteTemplate() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => unwrap(api.DELETE('/api/v1/messaging/templates/{id}', { params: { path: { id } } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: messagingKeys.all }),
  });
}

/** The server's check of a draft, with the merge fields' examples (null while there is nothing to check). */
export function useTemplateCheck(draft: Draft) {
  return useQuery({
    queryKey: messagingKeys.check(draft),
    queryFn: () => unwrapTemplate(api.POST('/api/v1/messaging/templates/check', { body: draftBody(draft) })),
    enabled: draft.body.trim() !== '',
    retry: false,
    staleTime: Infinity,
  });
}

/** The draft rendered for one event and one client: the text a reminder would carry. */
export function useRender(draft: Draft, eventId: string | null, clientId: string | null) {
  return useQuery({
    queryKey: messagingKeys.render(draft, eventId ?? '', clientId ?? ''),
    queryFn: () =>
      unwrapTemplate(
        api.POST('/api/v1/messaging/render', {
          body: { ...draftBody(draft), eventId: eventId ?? '', clientId: clientId ?? '' },
        }),
      ),
    enabled: !!eventId && !!clientId && draft.body.trim() !== '',
    retry: false,
  });
}

export function usePreviewEvents() {
  return useQuery({
    queryKey: messagingKeys.events,
    queryFn: async () =>
      (await unwrap(api.GET('/api/v1/events', { params: { query: { mine: 'false', limit: 200 } } }))).items,
  });
}

export function usePreviewClients() {
  return useQuery({
    queryKey: messagingKeys.clients,
    queryFn: async () => (await unwrap(api.GET('/api/v1/clients', { params: { query: { limit: 500 } } }))).items,
  });
}

export function useReminderRules() {
  return useQuery({
    queryKey: messagingKeys.rules,
    queryFn: async () =>
      (await unwrap(api.GET('/api/v1/messaging/reminder-rules', { params: { query: { limit: 500 } } }))).items,
  });
}

export function useAddReminderRule() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: components['schemas']['CreateReminderRuleDto']) =>
      unwrap(api.POST('/api/v1/messaging/reminder-rules', { body })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: messagingKeys.rules }),
  });
}

export function useDeleteReminderRule() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) =>
      unwrap(api.DELETE('/api/v1/messaging/reminder-rules/{id}', { params: { path: { id } } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: messagingKeys.rules }),
  });
}
