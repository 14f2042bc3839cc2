import { Checkbox, Group, TextInput } from '@mantine/core';
import type { UseFormReturnType } from '@mantine/form';
import { ApiError } from '../../../api/client';
import { applyFieldErrors, shownAtFields } from '../../../components/form-errors';
import { TimeZoneSelect } from '../../../components/TimeZoneSelect';

export interface ClientFormValues {
  firstName: string;
  lastName: string;
  email: string;
  phone: string;
  timezone: string | null;
  smsOptIn: boolean;
}

export const emptyClient: ClientFormValues = {
  firstName: '',
  lastName: '',
  email: '',
  phone: '',
  timezone: null,
  smsOptIn: false,
};

export const CLIENT_FIELDS = [
  'firstName',
  'lastName',
  'email',
  'phone',
  'timezone',
  'smsOptIn',
  'portalPassword',
] as const;

/** A refusal at the fields it is about: validation by field, and another client's portal email at Email. */
export function placeClientErrors(error: unknown, setFieldError: (field: string, message: string) => void): void {
  if (error instanceof ApiError && error.body.code === 'portal_email_taken') setFieldError('email', error.message);
  else applyFieldErrors(error, setFieldError, CLIENT_FIELDS);
}

export const clientErrorAtFields = (error: unknown): boolean =>
  (error instanceof ApiError && error.body.code === 'portal_email_taken') || shownAtFields(error, CLIENT_FIELDS);

/** The form's values as the API takes them: an empty optional field is "none" (null). */
export const clientBody = (v: ClientFormValues) => ({
  firstName: v.firstName.trim(),
  lastName: v.lastName.trim(),
  email: v.email.trim() || null,
  phone: v.phone.trim() || null,
  timezone: v.timezone || null,
  smsOptIn: v.smsOptIn,
});

/** The client's own fields, shared by Add client and the client's page. */
export function ClientFields<T extends ClientFormValues>({ form }: { form: UseFormReturnType<T> }) {
  return (
    <>
      <Group grow align="flex-start">
        <TextInput label="First name" required autoComplete="off" {...form.getInputProps('firstName')} />
        <TextInput label="Last name" required autoComplete="off" {...form.getInputProps('lastName')} />
      </Group>
      <TextInput
        label="Email"
        type="email"
        autoComplete="off"
        description="Reminders by email and the portal sign-in."
        {...form.getInputProps('email')}
      />
      <TextInput
        label="Phone"
        type="tel"
        autoComplete="off"
        placeholder="+14155550123"
        description="In E.164 form: + and the country code, digits only, e.g. +14155550123."
        {...form.getInputProps('phone')}
      />
      <TimeZoneSelect
        label="Time zone"
        description="Reminders show times in this zone."
        placeholder="The firm's time zone"
        {...form.getInputProps('timezone')}
      />
      <Checkbox
        label="Client agreed to receive SMS"
        description="Without this consent no SMS reminder is sent to this client."
        {...form.getInputProps('smsOptIn', { type: 'checkbox' })}
      />
    </>
  );
}
