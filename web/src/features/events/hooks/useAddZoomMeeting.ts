import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useRef } from 'react';
import { api, ApiError, unwrap } from '../../../api/client';
import { zoomKeys } from '../../../api/zoom';
import { eventKeys } from './useEventQueries';

export interface MeetingRequest {
  title: string;
  startsAt: string;
  endsAt: string | null;
  timezone: string;
}

/** A refusal, with how long Zoom asks us to wait when it limits (Retry-After, seconds). */
export class MeetingError extends Error {
  constructor(
    readonly cause: unknown,
    readonly retryAfterSeconds: number | null,
  ) {
    super(cause instanceof Error ? cause.message : 'Meeting creation failed');
  }
  get code(): string | null {
    return this.cause instanceof ApiError ? this.cause.body.code : null;
  }
}

async function call<T>(request: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  const answer = await request.catch((e: unknown) => {
    throw new MeetingError(e, null);
  });
  try {
    return await unwrap(Promise.resolve(answer));
  } catch (e) {
    const retry = Number(answer.response.headers.get('Retry-After'));
    throw new MeetingError(e, Number.isFinite(retry) && retry > 0 ? retry : null);
  }
}

/**
 * One Idempotency-Key per meeting asked for (title, start, end, zone): repeated clicks and retries of
 * the same request reuse it, so Zoom gets one meeting. Kept in this tab's sessionStorage beside the
 * draft, so a retry after signing in again still reuses it.
 */
function useIdempotencyKeys(storageKey: string) {
  const keys = useRef<Record<string, string> | null>(null);
  return (r: MeetingRequest): string => {
    if (!keys.current) {
      try {
        keys.current = JSON.parse(sessionStorage.getItem(storageKey) ?? '{}') as Record<string, string>;
      } catch {
        keys.current = {};
      }
    }
    const combination = JSON.stringify([r.title, r.startsAt, r.endsAt, r.timezone]);
    keys.current[combination] ??= crypto.randomUUID();
    sessionStorage.setItem(storageKey, JSON.stringify(keys.current));
    return keys.current[combination];
  };
}

/** Add Zoom meeting: on a saved event the server puts the link on it; on an unsaved form it answers the link to fill in. */
export function useAddZoomMeeting(eventId: string | undefined, draftKey: string) {
  const queryClient = useQueryClient();
  const keyFor = useIdempotencyKeys(`zoom-meeting-keys:${draftKey}`);
  return useMutation({
    mutationFn: async (r: MeetingRequest): Promise<{ joinUrl: string; meetingId: string | null }> => {
      if (eventId) {
        const event = await call(api.POST('/api/v1/events/{id}/zoom-meeting', { params: { path: { id: eventId } } }));
        queryClient.setQueryData(eventKeys.one(eventId), event);
        return { joinUrl: event.videoLink ?? '', meetingId: event.zoomMeetingId };
      }
      const body = {
        title: r.title,
        startsAt: r.startsAt,
        timezone: r.timezone,
        ...(r.endsAt ? { endsAt: r.endsAt } : {}),
      };
      const meeting = await call(
        api.POST('/api/v1/integrations/zoom/meetings', { body, params: { header: { 'idempotency-key': keyFor(r) } } }),
      );
      return { joinUrl: meeting.joinUrl, meetingId: meeting.meetingId };
    },
    onError: (error) => {
      // The card should now say what the server found (e.g. Reconnect needed).
      if (
        error instanceof MeetingError &&
        (error.code === 'zoom_reconnect_needed' || error.code === 'zoom_not_connected')
      ) {
        void queryClient.invalidateQueries({ queryKey: zoomKeys.card });
      }
    },
  });
}
