import { useForm } from '@mantine/form';
import { ApiError } from '../../../api/client';
import { useDraft } from '../../../components/useDraft';
import { fromWallClock, toWallClock } from '../../../components/zoned-time';
import type { CaseEvent } from './useEventQueries';

/** What the form holds: times as wall-clock values in `timezone`, turned into instants only when sent. */
export interface EventFormValues {
  title: string;
  starts: string;
  ends: string;
  timezone: string;
  location: string;
  description: string;
  videoLink: string;
  zoomMeetingId: string;
  sharedWithClients: boolean;
  staffIds: string[];
  /** The saved event's updatedAt the values started from: a draft of an older version is not restored over a newer one. */
  base: string;
}

export const blankEvent = (timezone: string, staffIds: string[]): EventFormValues => ({
  title: '',
  starts: '',
  ends: '',
  timezone,
  location: '',
  description: '',
  videoLink: '',
  zoomMeetingId: '',
  sharedWithClients: false,
  staffIds,
  base: '',
});

export const eventToValues = (e: CaseEvent): EventFormValues => ({
  title: e.title,
  starts: toWallClock(e.startsAt, e.timezone),
  ends: toWallClock(e.endsAt, e.timezone),
  timezone: e.timezone,
  location: e.location ?? '',
  description: e.description ?? '',
  videoLink: e.videoLink ?? '',
  zoomMeetingId: e.zoomMeetingId ?? '',
  sharedWithClients: e.sharedWithClients,
  staffIds: e.staffIds,
  base: e.updatedAt,
});

/** The request body: an empty optional field is null (PATCH clears it; create takes null as absent). */
export function valuesToBody(v: EventFormValues) {
  const text = (s: string) => (s.trim() === '' ? null : s.trim());
  return {
    title: v.title.trim(),
    startsAt: fromWallClock(v.starts, v.timezone) ?? '',
    endsAt: fromWallClock(v.ends, v.timezone),
    timezone: v.timezone,
    location: text(v.location),
    description: v.description.trim() === '' ? null : v.description,
    videoLink: text(v.videoLink),
    // A link typed by hand is not a Zoom meeting; the id goes with the link Add Zoom meeting filled.
    zoomMeetingId: text(v.videoLink) ? text(v.zoomMeetingId) : null,
    sharedWithClients: v.sharedWithClients,
    staffIds: v.staffIds,
  };
}

/** The API's field names, as the form calls them. */
const FORM_FIELD: Record<string, keyof EventFormValues> = { startsAt: 'starts', endsAt: 'ends' };

function serverFieldErrors(error: ApiError): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const e of error.body.errors ?? []) errors[FORM_FIELD[e.field] ?? e.field] = e.message;
  return errors;
}

/** Whether a refusal's messages all sit at fields of the form (else it is shown beside Save). */
export function namesFormFields(error: unknown): boolean {
  if (!(error instanceof ApiError) || !error.body.errors?.length) return false;
  const fields = Object.keys(blankEvent('', []));
  return Object.keys(serverFieldErrors(error)).every((f) => fields.includes(f));
}

/** The event form's state, kept as a draft in this tab (key per route) so a session dying mid-form loses nothing. */
export function useEventForm(initial: EventFormValues, draftKey: string) {
  const form = useForm<EventFormValues>({
    initialValues: initial,
    validate: {
      title: (v) => (v.trim() ? null : 'Enter a title.'),
      starts: (v, values) => (fromWallClock(v, values.timezone) ? null : 'Enter the date and time the event starts.'),
      ends: (v, values) => {
        if (!v) return null;
        const ends = fromWallClock(v, values.timezone);
        const starts = fromWallClock(values.starts, values.timezone);
        if (!ends) return 'Enter a valid date and time, or leave it empty.';
        return starts && Date.parse(ends) <= Date.parse(starts) ? 'The end must be after the start.' : null;
      },
      timezone: (v) => (v ? null : 'Choose a time zone.'),
    },
  });
  const draft = useDraft(draftKey, form.values, (saved) => {
    if (saved.base === initial.base) form.setValues({ ...initial, ...saved });
  });

  /** Puts a validation_failed answer's messages at their fields. */
  const showServerErrors = (error: unknown) => {
    if (error instanceof ApiError && error.body.errors?.length) form.setErrors(serverFieldErrors(error));
  };

  return { form, draft, showServerErrors };
}
