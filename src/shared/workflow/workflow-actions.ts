import type { ActionInput, ActionName, CaseChanges, CaseSnapshot, WorkflowActor } from './workflow.types.js';

/**
 * What each action means, whatever the channel: its default Russian title and the field updates it
 * asks the server to write. Workflows decide where, by whom and with what input it is offered.
 */
export type ChangeContext = {
  snapshot: CaseSnapshot;
  actor: WorkflowActor;
  input: ActionInput;
  /** The action was admitted through the `executor` role only (not as a coordinator). */
  isActingAsExecutor: boolean;
};

export type ActionMeaning = { title: string; buildChanges(context: ChangeContext): CaseChanges };

const NO_CHANGES = (): CaseChanges => ({});

function buildAssignmentChanges({ input }: ChangeContext): CaseChanges {
  const changes: CaseChanges = {};
  if (input.recipientId !== undefined) {
    changes.recipientId = input.recipientId;
    // An executor belongs to a recipient: a new recipient without a named executor clears it.
    if (input.executorId === undefined) changes.executorId = null;
  }
  if (input.executorId !== undefined) changes.executorId = input.executorId;
  if (input.dueAt !== undefined) changes.executorDueAt = input.dueAt;
  return changes;
}

export const ACTION_MEANINGS: Record<ActionName, ActionMeaning> = {
  register: {
    title: 'Зарегистрировать',
    buildChanges: ({ input, snapshot }) => ({
      ...(input.registrationNumber !== undefined ? { registrationNumber: input.registrationNumber } : {}),
      // Without a date in the input the registration happens now (the server's transaction time).
      ...(input.registeredAt !== undefined
        ? { registeredAt: input.registeredAt }
        : Number.isFinite(snapshot.evaluatedAt)
          ? { registeredAt: new Date(snapshot.evaluatedAt).toISOString() }
          : {}),
      ...(input.appealType !== undefined ? { appealType: input.appealType } : {}),
      ...(input.isCollective !== undefined ? { isCollective: input.isCollective } : {}),
      ...(input.isRepeat !== undefined ? { isRepeat: input.isRepeat } : {}),
      ...(input.classifierCode !== undefined ? { classifierCode: input.classifierCode } : {}),
    }),
  },
  'moderate-accept': { title: 'Принять (модерация)', buildChanges: NO_CHANGES },
  'moderate-reject': {
    title: 'Отклонить',
    buildChanges: ({ input }) => (input.reason !== undefined ? { rejectionReason: input.reason } : {}),
  },
  take: {
    title: 'Взять в работу',
    buildChanges: ({ input }) => ({
      ...(input.category !== undefined ? { category: input.category } : {}),
      ...(input.subcategory !== undefined ? { subcategory: input.subcategory } : {}),
    }),
  },
  assign: { title: 'Назначить исполнителя', buildChanges: buildAssignmentChanges },
  reassign: { title: 'Переназначить', buildChanges: buildAssignmentChanges },
  forward: {
    title: 'Перенаправить по компетенции',
    buildChanges: ({ input }) =>
      input.externalOrganisation !== undefined
        ? { externalOrganisation: input.externalOrganisation, coveringLetter: input.coveringLetter ?? '' }
        : {
            ...(input.recipientId !== undefined ? { recipientId: input.recipientId } : {}),
            executorId: null,
            executorDueAt: null,
          },
  },
  'request-info': { title: 'Запросить уточнение у заявителя', buildChanges: NO_CHANGES },
  'request-extension': {
    title: 'Запросить продление срока',
    buildChanges: ({ input }) => ({
      isExtensionRequested: true,
      extensionReason: input.reason ?? null,
      extensionDays: input.days ?? null,
    }),
  },
  'approve-extension': {
    title: 'Продлить срок',
    buildChanges: ({ input }) => ({
      isExtensionRequested: false,
      isExtensionUsed: true,
      ...(input.days !== undefined ? { extensionDays: input.days } : {}),
    }),
  },
  'reject-extension': { title: 'Отказать в продлении', buildChanges: () => ({ isExtensionRequested: false }) },
  'interim-answer': {
    title: 'Промежуточный ответ',
    // A new promise waits for its own proof.
    buildChanges: ({ input }) =>
      input.promisedAt !== undefined ? { promisedAt: input.promisedAt, promiseReport: null } : {},
  },
  'fulfil-promise': {
    title: 'Подтвердить выполнение обещания',
    buildChanges: ({ input, snapshot }) => ({
      promiseReport: {
        text: input.text ?? null,
        attachmentIds: input.attachmentIds ?? [],
        at: Number.isFinite(snapshot.evaluatedAt) ? new Date(snapshot.evaluatedAt).toISOString() : null,
      },
    }),
  },
  'urgent-request': {
    title: 'Срочный запрос исполнителю',
    buildChanges: ({ input }) => (input.dueAt !== undefined ? { executorDueAt: input.dueAt } : {}),
  },
  'draft-answer': {
    title: 'Подготовить ответ',
    buildChanges: ({ input, snapshot, actor, isActingAsExecutor }) => ({
      draftAnswer: {
        text: input.text ?? '',
        templateId: input.templateId ?? null,
        attachmentIds: input.attachmentIds ?? [],
      },
      // Someone of the recipient answering a case routed to the recipient becomes its executor.
      ...(snapshot.executorId === null && isActingAsExecutor && actor.userId !== null
        ? { executorId: actor.userId }
        : {}),
    }),
  },
  'record-result': {
    title: 'Указать результат',
    buildChanges: ({ input }) => (input.result !== undefined ? { result: input.result } : {}),
  },
  'return-for-rework': { title: 'Вернуть на доработку', buildChanges: NO_CHANGES },
  approve: { title: 'Согласовать', buildChanges: NO_CHANGES },
  'approve-cur': { title: 'Согласовать в ЦУР', buildChanges: NO_CHANGES },
  'return-by-cur': { title: 'Вернуть (ЦУР)', buildChanges: NO_CHANGES },
  sign: { title: 'Подписать ответ', buildChanges: ({ actor }) => ({ signedById: actor.userId }) },
  publish: {
    title: 'Опубликовать ответ',
    buildChanges: ({ input }) => ({
      isAnswerPublished: true,
      ...(input.result !== undefined ? { result: input.result } : {}),
    }),
  },
  'resident-comment': { title: 'Комментарий заявителя', buildChanges: NO_CHANGES },
  'resident-rating': {
    title: 'Оценка заявителя',
    buildChanges: ({ input }) => ({
      ...(input.rating !== undefined ? { rating: input.rating } : {}),
      ratingComment: input.comment ?? null,
    }),
  },
  'return-by-moderator': { title: 'Возврат модератором платформы', buildChanges: NO_CHANGES },
  'satisfaction-timeout': { title: 'Срок ожидания реакции истёк', buildChanges: NO_CHANGES },
  'notify-unreadable': { title: 'Уведомить: текст не поддаётся прочтению', buildChanges: NO_CHANGES },
  close: {
    title: 'Завершить',
    buildChanges: ({ input }) => (input.reason !== undefined ? { closureReason: input.reason } : {}),
  },
  reopen: { title: 'Вернуть в работу', buildChanges: NO_CHANGES },
  comment: { title: 'Внутренний комментарий', buildChanges: NO_CHANGES },
};

/** Field updates of a reopening (a resident's comment, a low rating, a moderator's return, `reopen`). */
export function buildReopenChanges(snapshot: CaseSnapshot): CaseChanges {
  return { reopenCount: snapshot.reopenCount + 1, result: null, closureReason: null, isAnswerPublished: false };
}
