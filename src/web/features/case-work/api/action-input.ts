import type { Dayjs } from 'dayjs';
import type { CaseDetail } from '../../../../shared/contracts/cases.contract.js';
import { readAttachmentIds } from './attachments.api.js';
import type { ActionFormKind } from './case-actions.js';

function isDayjs(value: unknown): value is Dayjs {
  return typeof value === 'object' && value !== null && 'toISOString' in value && 'isValid' in value;
}

/** The form's values as the action's body: dates as ISO instants, empty fields left out. */
export function toActionInput(kind: ActionFormKind, values: Record<string, unknown>): Record<string, unknown> {
  const input: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(values)) {
    if (key === 'target' || value === undefined || value === null) continue;
    if (typeof value === 'string' && value.trim() === '') continue;
    if (Array.isArray(value) && value.length === 0) continue;
    input[key] = isDayjs(value) ? value.toISOString() : typeof value === 'string' ? value.trim() : value;
  }
  if (kind === 'forward' && values.target === 'external') {
    delete input.recipientId;
  }
  if (kind === 'forward' && values.target !== 'external') {
    delete input.externalOrganisation;
    delete input.coveringLetter;
  }
  return input;
}

export function initialActionValues(
  kind: ActionFormKind,
  item: CaseDetail,
  draftAnswer: string | null,
): Record<string, unknown> {
  switch (kind) {
    case 'forward':
      return { target: 'recipient' };
    case 'draft-answer':
      return { text: draftAnswer ?? '', attachmentIds: readAttachmentIds(item.lifecycle.draftAnswer) };
    case 'optional-result':
    case 'result':
      return { result: item.result ?? undefined };
    case 'take':
      return { category: item.category ?? '' };
    default:
      return {};
  }
}
