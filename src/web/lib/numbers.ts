const countFormat = new Intl.NumberFormat('ru-RU');

/** «12 345» with the Russian thousands separator. */
export function formatCount(value: number): string {
  return countFormat.format(value);
}
