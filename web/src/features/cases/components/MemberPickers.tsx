import { MultiSelect, type MultiSelectProps } from '@mantine/core';
import { errorMessage } from '../../../api/client';
import { useClientOptions, useStaffOptions } from '../hooks/useCases';

type PickerProps = Omit<MultiSelectProps, 'data' | 'label'>;

/** "Clients": the firm's clients by name (email to tell two of a name apart). */
export function ClientsPicker(props: PickerProps) {
  const options = useClientOptions();
  const data = (options.data ?? []).map((c) => ({
    value: c.id,
    label: `${c.firstName} ${c.lastName}${c.email ? ` (${c.email})` : ''}`,
  }));
  return (
    <MultiSelect
      label="Clients"
      searchable
      clearable
      nothingFoundMessage={options.isPending ? 'Loading clients…' : 'No such client. Add clients under Clients first.'}
      placeholder={data.length ? 'Choose clients' : undefined}
      disabled={options.isError}
      {...props}
      error={
        props.error ?? (options.isError ? `Clients could not be loaded: ${errorMessage(options.error)}` : undefined)
      }
      data={data}
    />
  );
}

/** "Staff": the firm's current members. */
export function StaffPicker(props: PickerProps) {
  const options = useStaffOptions();
  const data = (options.data ?? []).map((u) => ({ value: u.id, label: `${u.name} (${u.email})` }));
  return (
    <MultiSelect
      label="Staff"
      searchable
      clearable
      nothingFoundMessage={options.isPending ? 'Loading the team…' : 'No such team member.'}
      placeholder={data.length ? 'Choose staff members' : undefined}
      disabled={options.isError}
      {...props}
      error={
        props.error ?? (options.isError ? `The team could not be loaded: ${errorMessage(options.error)}` : undefined)
      }
      data={data}
    />
  );
}
