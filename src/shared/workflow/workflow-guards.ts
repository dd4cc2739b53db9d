import type { ActionInput, BranchConditionName, CaseSnapshot, GuardName, InputCheckName } from './workflow.types.js';

/**
 * Guards: named pure predicates over the case snapshot, with the Russian message a person sees when
 * one fails. They depend on the case only (never on the input), so the list of allowed actions is
 * exact: an allowed action succeeds with some valid input.
 */
export type Guard = { title: string; message: string; test(snapshot: CaseSnapshot): boolean };

/** A rating at or below this reopens the case (issue 5: «a rating ≤ 3 → back to work»). */
export const LOW_RATING_MAX = 3;

export const GUARDS: Record<GuardName, Guard> = {
  hasExecutor: {
    title: 'назначен исполнитель',
    message: 'Сначала назначьте исполнителя.',
    test: (snapshot) => snapshot.executorId !== null,
  },
  hasDraftAnswer: {
    title: 'есть проект ответа',
    message: 'Нет проекта ответа: сначала подготовьте ответ.',
    test: (snapshot) => snapshot.hasDraftAnswer,
  },
  isAppeal: {
    title: 'обращение по 59-ФЗ',
    message: 'Действие предусмотрено только для обращений по 59-ФЗ.',
    test: (snapshot) => snapshot.kind === 'appeal',
  },
  isExtensionNotUsed: {
    title: 'срок ещё не продлевался',
    message: 'Срок уже продлевался: продлить его можно только один раз.',
    test: (snapshot) => !snapshot.isExtensionUsed,
  },
  hasPendingExtensionRequest: {
    title: 'есть запрос на продление',
    message: 'Нет запроса на продление срока: исполнитель должен сначала запросить продление.',
    test: (snapshot) => snapshot.isExtensionRequested,
  },
  hasNoPendingExtensionRequest: {
    title: 'нет нерассмотренного запроса на продление',
    message: 'Запрос на продление уже ждёт решения руководителя.',
    test: (snapshot) => !snapshot.isExtensionRequested,
  },
  hasPendingPromise: {
    title: 'обещание промежуточного ответа ждёт подтверждения',
    message: 'Нет обещания, ждущего подтверждения: сначала дайте промежуточный ответ с обещанным сроком.',
    test: (snapshot) => snapshot.hasPendingPromise,
  },
  isWithinSatisfactionWindow: {
    title: 'идёт срок ожидания реакции заявителя',
    message: 'Срок ожидания реакции заявителя истёк: сообщение завершается автоматически.',
    test: (snapshot) => snapshot.satisfactionDueAt === null || snapshot.evaluatedAt < snapshot.satisfactionDueAt,
  },
  isSatisfactionWindowOver: {
    title: 'срок ожидания реакции заявителя истёк',
    message: 'Срок ожидания реакции заявителя ещё не истёк.',
    test: (snapshot) => snapshot.satisfactionDueAt !== null && snapshot.evaluatedAt >= snapshot.satisfactionDueAt,
  },
};

/** The first guard of the list that fails, or null. */
export function findFailedGuard(guards: readonly GuardName[], snapshot: CaseSnapshot): GuardName | null {
  for (const name of guards) if (!GUARDS[name].test(snapshot)) return name;
  return null;
}

export type BranchCondition = { title: string; test(snapshot: CaseSnapshot, input: ActionInput): boolean };

export const BRANCH_CONDITIONS: Record<BranchConditionName, BranchCondition> = {
  hasExecutor: { title: 'назначен исполнитель', test: (snapshot) => snapshot.executorId !== null },
  isLowRating: {
    title: `оценка ≤ ${LOW_RATING_MAX}`,
    test: (_snapshot, input) => input.rating !== undefined && input.rating <= LOW_RATING_MAX,
  },
  isExternalForward: {
    title: 'направляется во внешнюю организацию',
    test: (_snapshot, input) => input.externalOrganisation !== undefined,
  },
  isPositiveComment: {
    title: 'комментарий не оспаривает ответ (isNegative = false)',
    test: (_snapshot, input) => input.isNegative === false,
  },
};

export type InputCheck = {
  title: string;
  check(snapshot: CaseSnapshot, input: ActionInput): { field: string; message: string } | null;
};

function isAfter(iso: string | undefined, moment: number): boolean {
  return iso === undefined || Date.parse(iso) > moment;
}

export const INPUT_CHECKS: Record<InputCheckName, InputCheck> = {
  isPromisedAtInFuture: {
    title: 'обещанный срок в будущем',
    check: (snapshot, input) =>
      isAfter(input.promisedAt, snapshot.evaluatedAt)
        ? null
        : { field: 'promisedAt', message: 'promisedAt: обещанный срок должен быть позже текущего момента' },
  },
  isDueAtInFuture: {
    title: 'срок в будущем',
    check: (snapshot, input) =>
      isAfter(input.dueAt, snapshot.evaluatedAt)
        ? null
        : { field: 'dueAt', message: 'dueAt: срок должен быть позже текущего момента' },
  },
  hasCategory: {
    title: 'указана категория',
    check: (snapshot, input) =>
      input.category !== undefined || snapshot.category !== null
        ? null
        : { field: 'category', message: 'category: укажите категорию по рубрикатору канала' },
  },
  hasResult: {
    title: 'указан результат',
    check: (snapshot, input) =>
      input.result !== undefined || snapshot.result !== null
        ? null
        : { field: 'result', message: 'result: укажите результат рассмотрения' },
  },
};
