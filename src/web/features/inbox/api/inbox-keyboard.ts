/**
 * The inbox's keyboard: j/↓ and k/↑ move the cursor row, Enter opens it, x selects it, / goes to the
 * search field. Pure, so it is tested without a browser.
 */
export type InboxKeyCommand =
  | { kind: 'move'; index: number }
  | { kind: 'open'; index: number }
  | { kind: 'toggle'; index: number }
  | { kind: 'search' }
  | { kind: 'none' };

export const INBOX_SHORTCUTS: ReadonlyArray<{ keys: string; title: string }> = [
  { keys: 'j / ↓', title: 'следующее' },
  { keys: 'k / ↑', title: 'предыдущее' },
  { keys: 'Enter', title: 'открыть' },
  { keys: 'x', title: 'выбрать' },
  { keys: '/', title: 'поиск' },
];

/** What a key press means at `index` of `count` rows (`index` −1: no cursor yet). Typing in a field is ignored. */
export function interpretInboxKey(
  key: string,
  index: number,
  count: number,
  modifiers: { isTyping: boolean; hasModifier: boolean },
): InboxKeyCommand {
  if (modifiers.isTyping || modifiers.hasModifier) return { kind: 'none' };
  if (key === '/') return { kind: 'search' };
  if (count === 0) return { kind: 'none' };
  switch (key) {
    case 'j':
    case 'ArrowDown':
      return { kind: 'move', index: Math.min(count - 1, index + 1) };
    case 'k':
    case 'ArrowUp':
      return { kind: 'move', index: Math.max(0, index - 1) };
    case 'Enter':
      return index >= 0 ? { kind: 'open', index } : { kind: 'none' };
    case 'x':
      return index >= 0 ? { kind: 'toggle', index } : { kind: 'none' };
    default:
      return { kind: 'none' };
  }
}

/** What one «inbox-changed» event says: cases that appeared or changed, and cases that left the caller's scope. */
export type InboxChangedEvent = { caseIds: string[]; leftCaseIds: string[] };

function idsOf(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((id): id is string => typeof id === 'string') : [];
}

/** The SSE event's case ids (empty lists for anything else). */
export function parseInboxChangedEvent(data: unknown): InboxChangedEvent {
  const none = { caseIds: [], leftCaseIds: [] };
  if (typeof data !== 'string') return none;
  try {
    const parsed: unknown = JSON.parse(data);
    if (typeof parsed !== 'object' || parsed === null) return none;
    const record = parsed as Record<string, unknown>;
    return { caseIds: idsOf(record.caseIds), leftCaseIds: idsOf(record.leftCaseIds) };
  } catch {
    return none;
  }
}
