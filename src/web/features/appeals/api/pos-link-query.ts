/**
 * The query of a case's place in ПОС. The timeline's length is in the key: a new entry («Зарегистрировано в
 * ПОС», «Статус в ПОС») asks again.
 */
export function posLinkQueryKey(caseId: string, timelineLength: number) {
  return ['pos-sync', 'case', caseId, timelineLength] as const;
}

/**
 * What stays on screen while the next answer loads: the last answer of the same case, so an entry a background
 * job adds (routing, grouping) does not unmount the button, and with it a confirmation the person has open;
 * nothing of another case, whose place in ПОС is not this one's.
 */
export function keepAnswerOfSameCase(caseId: string) {
  return <Answer>(previous: Answer | undefined, previousQuery: { queryKey: readonly unknown[] } | undefined) =>
    previousQuery?.queryKey[2] === caseId ? previous : undefined;
}
