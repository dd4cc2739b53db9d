import type { CaseKind, CaseStatus, Channel } from '../../../../shared/channels.js';
import { type SlaPolicyInput, SlaPolicySchema } from '../../../../shared/contracts/sla.contract.js';
import type { EscalationTarget, TimerKind } from '../../../../shared/sla/sla-policy.js';
import type { WorkingDurationUnit } from '../../../../shared/working-time/working-duration.js';
import { type FieldPath, type PathError, toFieldMessage } from './server-field-errors.js';

export type FastTrackChoice = 'any' | 'yes' | 'no';

export const FAST_TRACK_TITLES: Record<FastTrackChoice, string> = {
  any: 'Любые',
  yes: 'Только ускоренные',
  no: 'Кроме ускоренных',
};

/** A duration being typed: the amount may be empty for a moment (the form's rule says so); null is «нет». */
export type DurationValue =
  | { unit: WorkingDurationUnit; amount: number | null }
  | { unit: 'sameDayBy'; time: string }
  | null;

/** A policy as the drawer's form holds it. */
export type PolicyFormValues = {
  name: string;
  match: { channels: Channel[]; kinds: CaseKind[]; categories: string[]; isFastTrack: FastTrackChoice };
  timers: Array<{ kind: TimerKind | undefined; scheduleId: string | undefined; duration: DurationValue }>;
  pauseStatuses: CaseStatus[];
  warningPercent: number | null;
  escalation: Array<{ after: DurationValue; target: EscalationTarget | undefined }>;
  extension: DurationValue;
};

export function toPolicyFormValues(policy: SlaPolicyInput): PolicyFormValues {
  const { isFastTrack } = policy.match;
  return {
    name: policy.name,
    match: {
      channels: policy.match.channels ?? [],
      kinds: policy.match.kinds ?? [],
      categories: policy.match.categories ?? [],
      isFastTrack: isFastTrack === undefined ? 'any' : isFastTrack ? 'yes' : 'no',
    },
    timers: policy.timers.map((timer) => ({ ...timer })),
    pauseStatuses: [...policy.pauseStatuses],
    warningPercent: policy.warningPercent,
    escalation: policy.escalation.map((step) => ({ ...step })),
    extension: policy.extension,
  };
}

/** A new policy: an answer in 8 working hours of the МЦУ schedule, warned at 75 %. */
export function createNewPolicy(): SlaPolicyInput {
  return {
    name: '',
    match: {},
    timers: [{ kind: 'answer', scheduleId: 'mcu', duration: { unit: 'wh', amount: 8 } }],
    pauseStatuses: [],
    warningPercent: 75,
    escalation: [{ after: { unit: 'wh', amount: 0 }, target: 'executor' }],
    extension: null,
  };
}

/**
 * What the form says, in the API's shape (unchecked: `SlaPolicySchema` checks it). An empty condition is left
 * out, so a policy without conditions has `match: {}`.
 */
export function toPolicyDraft(values: PolicyFormValues): unknown {
  const categories = values.match.categories.map((category) => category.trim()).filter((category) => category !== '');
  return {
    name: values.name?.trim() ?? '',
    match: {
      ...(values.match.channels.length > 0 ? { channels: values.match.channels } : {}),
      ...(values.match.kinds.length > 0 ? { kinds: values.match.kinds } : {}),
      ...(categories.length > 0 ? { categories } : {}),
      ...(values.match.isFastTrack === 'any' ? {} : { isFastTrack: values.match.isFastTrack === 'yes' }),
    },
    timers: values.timers ?? [],
    pauseStatuses: values.pauseStatuses ?? [],
    warningPercent: values.warningPercent,
    escalation: values.escalation ?? [],
    extension: values.extension ?? null,
  };
}

/** Checks the form with the contract's schema: the policy, or the errors by field. */
export function parsePolicyForm(
  values: PolicyFormValues,
): { policy: SlaPolicyInput; errors: [] } | { policy: null; errors: PathError[] } {
  const result = SlaPolicySchema.safeParse(toPolicyDraft(values));
  if (result.success) return { policy: result.data, errors: [] };
  return {
    policy: null,
    errors: result.error.issues.map((issue) => ({
      path: issue.path.filter((part): part is string | number => typeof part !== 'symbol'),
      message: toFieldMessage(issue.message),
    })),
  };
}

/** Whether a policy picks every case: the catch-all that must come last. */
export function isCatchAll(policy: SlaPolicyInput): boolean {
  return Object.values(policy.match).every((value) =>
    Array.isArray(value) ? value.length === 0 : value === undefined,
  );
}

const LIST_FIELDS = new Set(['timers', 'escalation']);
const PLAIN_FIELDS = new Set(['name', 'pauseStatuses', 'warningPercent', 'extension']);

/** Where an error about a policy belongs in the drawer's form; null when it is about the policy as a whole. */
export function toPolicyFormName(path: FieldPath): FieldPath | null {
  const [first, second, third] = path;
  if (typeof first !== 'string') return null;
  if (PLAIN_FIELDS.has(first)) return [first];
  if (first === 'match' && typeof second === 'string') return ['match', second];
  if (LIST_FIELDS.has(first) && typeof second === 'number' && typeof third === 'string') return [first, second, third];
  return null;
}

export type PolicyErrors = {
  /** Errors by the index of the policy in the list, with the path inside the policy. */
  byPolicy: Map<number, PathError[]>;
  /** Errors about the list as a whole. */
  general: string[];
};

/** Splits the server's `policies.3.timers.0.scheduleId` errors by policy. */
export function groupPolicyErrors(errors: readonly PathError[]): PolicyErrors {
  const byPolicy = new Map<number, PathError[]>();
  const general: string[] = [];
  for (const { path, message } of errors) {
    const [first, index, ...rest] = path;
    if (first === 'policies' && typeof index === 'number') {
      byPolicy.set(index, [...(byPolicy.get(index) ?? []), { path: rest, message }]);
    } else {
      general.push(message);
    }
  }
  return { byPolicy, general };
}

const PART_TITLES: Record<string, string> = {
  name: 'название',
  match: 'условия',
  channels: 'каналы',
  kinds: 'виды',
  categories: 'категории',
  isFastTrack: 'ускоренное рассмотрение',
  timers: 'таймер',
  kind: 'вид',
  scheduleId: 'график',
  duration: 'срок',
  pauseStatuses: 'статусы паузы',
  warningPercent: 'предупреждение',
  escalation: 'эскалация',
  after: 'через',
  target: 'кому',
  extension: 'продление',
};

/** «таймер 1, график: Неизвестный график» — an error of a policy as a line beside it in the list. */
export function describePolicyError({ path, message }: PathError): string {
  const labels: string[] = [];
  for (const part of path) {
    if (typeof part === 'number') {
      const last = labels.pop();
      if (last !== undefined) labels.push(`${last} ${part + 1}`);
    } else {
      labels.push(PART_TITLES[part] ?? part);
    }
  }
  return labels.length > 0 ? `${labels.join(', ')}: ${message}` : message;
}
