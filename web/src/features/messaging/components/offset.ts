/** "1 day before", "2 hours 30 minutes before": how long before an event a reminder goes out. */
export function describeOffset(minutes: number): string {
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const mins = minutes % 60;
  const parts = [
    days && `${days} ${days === 1 ? 'day' : 'days'}`,
    hours && `${hours} ${hours === 1 ? 'hour' : 'hours'}`,
    mins && `${mins} ${mins === 1 ? 'minute' : 'minutes'}`,
  ].filter(Boolean);
  return `${parts.length ? parts.join(' ') : '0 minutes'} before`;
}
