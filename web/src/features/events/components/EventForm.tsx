import {
  Alert,
  Button,
  Card,
  Checkbox,
  Grid,
  Group,
  MultiSelect,
  Select,
  Stack,
  TextInput,
  Textarea,
} from '@mantine/core';
import type { UseMutationResult } from '@tanstack/react-query';
import { useMemo } from 'react';
import { errorMessage } from '../../../api/client';
import { fromWallClock, timeZoneOptions } from '../../../components/zoned-time';
import type { MeetingRequest } from '../hooks/useAddZoomMeeting';
import { namesFormFields, useEventForm, valuesToBody, type EventFormValues } from '../hooks/useEventForm';
import { useTeamMembers } from '../hooks/useEventQueries';
import { AddZoomMeeting } from './AddZoomMeeting';

export type EventBody = ReturnType<typeof valuesToBody>;

interface Props {
  initial: EventFormValues;
  /** Where the draft is kept (one per route). */
  draftKey: string;
  /** The saved event, when editing one. */
  eventId?: string;
  readOnly?: boolean;
  /** POST or PATCH; the values of the saved event when the form stays open (editing), nothing when the page moves on. */
  save: UseMutationResult<EventFormValues | void, unknown, EventBody>;
}

/** The staff list for the Staff field: current members, and any former member still on the event (so saving keeps them). */
function useStaffOptions(selected: string[]) {
  const team = useTeamMembers();
  return useMemo(() => {
    const members = (team.data?.items ?? []).map((u) => ({ value: u.id, label: u.name }));
    const known = new Set(members.map((m) => m.value));
    const former = selected
      .filter((id) => !known.has(id))
      .map((id) => ({ value: id, label: team.isPending ? 'Loading…' : 'Former team member' }));
    return { options: [...members, ...former], team };
  }, [team, selected]);
}

/** The event create/edit form: wall-clock times in the event's own zone, Add Zoom meeting beside the video link. */
export function EventForm({ initial, draftKey, eventId, readOnly, save }: Props) {
  const { form, draft, showServerErrors } = useEventForm(initial, draftKey);
  const v = form.values;
  const zones = useMemo(() => timeZoneOptions(initial.timezone, v.timezone), [initial.timezone, v.timezone]);
  const staff = useStaffOptions(v.staffIds);
  const startsAt = fromWallClock(v.starts, v.timezone);
  const meeting: MeetingRequest | null =
    v.title.trim() && startsAt
      ? { title: v.title.trim(), startsAt, endsAt: fromWallClock(v.ends, v.timezone), timezone: v.timezone }
      : null;

  return (
    <Card withBorder padding="lg" radius="md">
      <form
        onSubmit={form.onSubmit((values) =>
          save.mutate(valuesToBody(values), {
            onSuccess: (saved) => {
              draft.clear();
              if (saved) form.setValues(saved);
            },
            onError: showServerErrors,
          }),
        )}
        noValidate
        aria-label="Event"
      >
        <fieldset disabled={readOnly} style={{ border: 0, padding: 0, margin: 0 }}>
          <Stack gap="md">
            <TextInput label="Title" required maxLength={500} {...form.getInputProps('title')} />
            <Grid>
              <Grid.Col span={{ base: 12, sm: 4 }}>
                <TextInput
                  label="Starts"
                  type="datetime-local"
                  required
                  description={`In ${v.timezone}`}
                  {...form.getInputProps('starts')}
                />
              </Grid.Col>
              <Grid.Col span={{ base: 12, sm: 4 }}>
                <TextInput
                  label="Ends"
                  type="datetime-local"
                  description={`In ${v.timezone}; optional`}
                  {...form.getInputProps('ends')}
                />
              </Grid.Col>
              <Grid.Col span={{ base: 12, sm: 4 }}>
                <Select
                  label="Time zone"
                  required
                  searchable
                  allowDeselect={false}
                  data={zones}
                  limit={50}
                  description="Starts and Ends are times in this zone"
                  nothingFoundMessage="No such time zone"
                  {...form.getInputProps('timezone')}
                />
              </Grid.Col>
            </Grid>
            <TextInput label="Location" maxLength={500} {...form.getInputProps('location')} />
            <Textarea label="Description" autosize minRows={3} maxRows={10} {...form.getInputProps('description')} />
            <Stack gap="xs">
              <TextInput label="Video link" type="url" placeholder="https://…" {...form.getInputProps('videoLink')} />
              {!readOnly && (
                <AddZoomMeeting
                  request={meeting}
                  eventId={eventId}
                  draftKey={draftKey}
                  onCreated={({ joinUrl, meetingId }) =>
                    form.setValues({ videoLink: joinUrl, zoomMeetingId: meetingId ?? '' })
                  }
                />
              )}
            </Stack>
            <Checkbox
              label="Shared with clients"
              description="Clients on the case see the event in their portal and calendar feed, and get its reminders"
              {...form.getInputProps('sharedWithClients', { type: 'checkbox' })}
            />
            <MultiSelect
              label="Staff"
              placeholder={v.staffIds.length ? undefined : 'Choose team members'}
              data={staff.options}
              searchable
              error={
                staff.team.isError
                  ? `The team could not be loaded: ${errorMessage(staff.team.error)}`
                  : form.getInputProps('staffIds').error
              }
              value={v.staffIds}
              onChange={(ids) => form.setFieldValue('staffIds', ids)}
            />
            {save.isError && (
              <Alert color="red" role="alert" title="The event was not saved">
                {namesFormFields(save.error)
                  ? 'Correct the fields marked above, then click Save again.'
                  : errorMessage(save.error)}
              </Alert>
            )}
            {!readOnly && (
              <Group justify="flex-end">
                <Button type="submit" loading={save.isPending}>
                  Save
                </Button>
              </Group>
            )}
          </Stack>
        </fieldset>
      </form>
    </Card>
  );
}
