/** `YYYY-MM-DD` of an instant in an IANA time zone (a tenant's «today», a substitution's dates). */
export function formatLocalDate(moment: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(
    moment,
  );
}
