/** Instants as the reports' "As known at" field reads and shows them: in UTC, as the service records them. */

/** An ISO instant (any offset) as a person reads it, in UTC: `2024-04-01 00:00 UTC` (seconds only when there are any). */
export function formatInstant(instant: string): string {
  const time = Date.parse(instant);
  if (Number.isNaN(time)) return instant;
  const utc = new Date(time).toISOString();
  const seconds = utc.slice(16, 19) === ':00' && utc.slice(19, 23) === '.000' ? '' : utc.slice(16, 19);
  return `${utc.slice(0, 10)} ${utc.slice(11, 16)}${seconds} UTC`;
}

/** What a date-time field holds (`YYYY-MM-DDTHH:MM[:SS]`, read as UTC) as an ISO instant; null when it is empty or incomplete. */
export function instantOfField(value: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(value)) return null;
  const time = Date.parse(`${value}Z`);
  if (Number.isNaN(time)) return null;
  // Date.parse rolls 30 February over into March and 24:00 into the next day: no such instant.
  const instant = new Date(time).toISOString();
  return instant.slice(0, 16) === value.slice(0, 16) ? instant : null;
}

/** An instant as a date-time field shows it, in UTC. */
export function fieldOfInstant(instant: string): string {
  const time = Date.parse(instant);
  if (Number.isNaN(time)) return '';
  const utc = new Date(time).toISOString();
  return utc.slice(17, 23) === '00.000' ? utc.slice(0, 16) : utc.slice(0, 19);
}
