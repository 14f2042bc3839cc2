import { Select, type SelectProps } from '@mantine/core';
import { useMemo } from 'react';

/** The browser's IANA zones, searchable; a zone the server sent that the browser lacks stays selectable. */
export function TimeZoneSelect(props: Omit<SelectProps, 'data'>) {
  const value = typeof props.value === 'string' ? props.value : null;
  const data = useMemo(() => {
    const zones = Intl.supportedValuesOf('timeZone');
    return value && !zones.includes(value) ? [value, ...zones] : zones;
  }, [value]);
  return <Select searchable clearable nothingFoundMessage="No such time zone" limit={50} {...props} data={data} />;
}
