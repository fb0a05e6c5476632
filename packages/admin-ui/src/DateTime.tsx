/** An instant as people read it (the viewer's own time zone unless `timeZone` says otherwise), with the exact instant in the markup. */
import { useIntl } from 'react-intl';

export interface DateTimeProps {
  value: string | null | undefined;
  /** 'UTC' where a page says its times are UTC; the viewer's zone otherwise. */
  timeZone?: string;
  /** Only the date; `seconds` adds them to the time. */
  dateOnly?: boolean;
  seconds?: boolean;
}

export function DateTime({ value, timeZone, dateOnly = false, seconds = false }: DateTimeProps) {
  const { formatDate } = useIntl();
  if (!value) return <>—</>;
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return <>{value}</>;
  const text = formatDate(date, { dateStyle: 'medium', timeStyle: dateOnly ? undefined : seconds ? 'medium' : 'short', timeZone });
  return <time dateTime={date.toISOString()}>{text}</time>;
}
