import { z } from 'zod';
import { CASE_KIND_TITLES, CASE_STATUS_TITLES, CHANNEL_TITLES } from '../channels.js';
import { ROLE_TITLES } from '../roles.js';
import { TIMER_KIND_TITLES, TIMER_KINDS } from '../sla/sla-policy.js';
import {
  ACTION_NAMES,
  type ActionBranch,
  type ActorRole,
  BRANCH_CONDITION_NAMES,
  CASE_EVENT_NAMES,
  CASE_EVENT_TITLES,
  type CaseChanges,
  type CaseEventName,
  GUARD_NAMES,
  INPUT_CHECK_NAMES,
  PSEUDO_ROLE_TITLES,
  type TimerEffect,
  type TimerOperation,
  WORKFLOW_ONLY_TIMER_KIND_TITLES,
  WORKFLOW_ONLY_TIMER_KINDS,
  type Workflow,
  type WorkflowAction,
  type WorkflowStateCode,
  type WorkflowTimerKind,
} from './workflow.types.js';
import { ACTION_MEANINGS } from './workflow-actions.js';
import { BRANCH_CONDITIONS, GUARDS, INPUT_CHECKS } from './workflow-guards.js';

/**
 * The workflow as Russian Markdown (docs/workflows.md embeds the output for every shipped workflow;
 * a test keeps the document in step with the data).
 */

const TIMER_OPERATION_TITLES: Record<TimerOperation, string> = {
  start: 'старт',
  stop: 'стоп',
  pause: 'пауза',
  resume: 'возобновить',
  extend: 'продлить',
};

const TIMER_TITLES: Record<WorkflowTimerKind, string> = { ...TIMER_KIND_TITLES, ...WORKFLOW_ONLY_TIMER_KIND_TITLES };

function describeTimerKind(kind: WorkflowTimerKind): string {
  return TIMER_TITLES[kind].toLowerCase();
}

function describeTimers(effects: readonly TimerEffect[] | undefined): string {
  if (!effects || effects.length === 0) return '—';
  const byOperation = new Map<TimerOperation, string[]>();
  for (const effect of effects) {
    const list = byOperation.get(effect.operation) ?? [];
    list.push(describeTimerKind(effect.timer));
    byOperation.set(effect.operation, list);
  }
  return [...byOperation]
    .map(([operation, kinds]) => `${TIMER_OPERATION_TITLES[operation]}: ${kinds.join(', ')}`)
    .join('; ');
}

function describeRole(role: ActorRole, action: WorkflowAction): string {
  if (role === 'system' || role === 'resident') return PSEUDO_ROLE_TITLES[role];
  if (role === 'executor') {
    return action.executorScope === 'recipient' ? 'Исполнитель или сотрудник получателя' : 'Исполнитель сообщения';
  }
  return ROLE_TITLES[role];
}

function describeEvents(events: readonly CaseEventName[] | undefined): string {
  return events && events.length > 0 ? events.map((event) => `\`${event}\``).join(', ') : '—';
}

function describeSets(sets: CaseChanges | undefined, workflow: Workflow): string {
  if (sets?.closureReason) {
    const reason = workflow.closureReasons.find((option) => option.code === sets.closureReason);
    return `причина завершения «${reason?.title ?? sets.closureReason}»`;
  }
  return '';
}

function joinConditions(parts: string[]): string {
  const filled = parts.filter((part) => part !== '');
  return filled.length > 0 ? filled.join('; ') : '—';
}

export function describeWorkflowAsMarkdown(workflow: Workflow): string {
  const stateTitle = (code: WorkflowStateCode): string =>
    workflow.states.find((state) => state.code === code)?.title ?? code;
  const describeOutcome = (outcome: Pick<ActionBranch, 'to' | 'sets' | 'reopens'>): string => {
    const target = outcome.to === 'stay' ? '(не меняется)' : stateTitle(outcome.to);
    const notes = [describeSets(outcome.sets, workflow), outcome.reopens ? 'возврат в работу' : ''].filter(
      (note) => note !== '',
    );
    return notes.length > 0 ? `${target} (${notes.join('; ')})` : target;
  };
  const sources = (action: WorkflowAction): string => {
    if (Array.isArray(action.from)) return action.from.map(stateTitle).join(', ');
    // A wildcard yields to explicit definitions of the same action: name the states it leaves to them.
    const overridden = new Set(
      workflow.actions.flatMap((other) => (other.name === action.name && Array.isArray(other.from) ? other.from : [])),
    );
    const covered = workflow.states.filter((state) => action.from === 'any' || !state.isFinal);
    const excluded = covered.filter((state) => overridden.has(state.code));
    const base = action.from === 'any' ? 'любое' : 'любое незавершённое';
    return excluded.length > 0 ? `${base}, кроме: ${excluded.map((state) => state.title).join(', ')}` : base;
  };
  const channels = workflow.channels.map((channel) => `\`${channel}\` ${CHANNEL_TITLES[channel]}`).join(', ');
  const kinds = workflow.kinds.map((kind) => CASE_KIND_TITLES[kind].toLowerCase()).join(', ');
  const lines: string[] = [
    `### ${workflow.title} (\`${workflow.id}\`)`,
    '',
    `Каналы: ${channels}. Вид: ${kinds}. Начальное состояние: «${stateTitle(workflow.initialState)}». ` +
      `Таймеры при поступлении: ${workflow.initialTimers.map(describeTimerKind).join(', ')}.`,
    '',
    '| код | состояние | группа в списках | конечное |',
    '|---|---|---|---|',
    ...workflow.states.map(
      (state) =>
        `| \`${state.code}\` | ${state.title} | ${CASE_STATUS_TITLES[state.group]} | ${state.isFinal ? 'да' : 'нет'} |`,
    ),
    '',
  ];
  if (workflow.rejectionReasons.length > 0) {
    lines.push(
      `Причины отклонения: ${workflow.rejectionReasons.map((option) => `\`${option.code}\` «${option.title}»`).join(', ')}.`,
      '',
    );
  }
  lines.push(
    `Причины завершения: ${workflow.closureReasons.map((option) => `\`${option.code}\` «${option.title}»`).join(', ')}.`,
    '',
    '| действие | кто | из → в | условия | таймеры | события |',
    '|---|---|---|---|---|---|',
  );
  for (const action of workflow.actions) {
    const who = action.roles.map((role) => describeRole(role, action)).join(', ');
    const conditions = joinConditions([
      ...(action.guards ?? []).map((guard) => GUARDS[guard].title),
      ...(action.inputChecks ?? []).map((check) => INPUT_CHECKS[check].title),
    ]);
    const branches: readonly ActionBranch[] = action.branches ?? [];
    const head = `| \`${action.name}\` ${action.title} | ${who} | ${sources(action)} →`;
    if (branches.length === 0) {
      lines.push(
        `${head} ${describeOutcome(action)} | ${conditions} | ${describeTimers(action.timers)} | ${describeEvents(action.events)} |`,
      );
      continue;
    }
    lines.push(`${head} | ${conditions} | | |`);
    for (const branch of branches) {
      const when = branch.when.map((condition) => BRANCH_CONDITIONS[condition].title).join(' и ');
      lines.push(
        `| ↳ | | если ${when} → ${describeOutcome(branch)} | | ${describeTimers(branch.timers)} | ${describeEvents(branch.events)} |`,
      );
    }
    lines.push(
      `| ↳ | | иначе → ${describeOutcome(action)} | | ${describeTimers(action.timers)} | ${describeEvents(action.events)} |`,
    );
  }
  return `${lines.join('\n')}\n`;
}

/**
 * The body fields of an action across the workflows that define it: `name` when always required,
 * `name?` when optional, with the workflows that require an otherwise optional field.
 */
function describeInputFields(definitions: ReadonlyArray<{ workflowId: string; input: z.ZodType }>): string {
  const requiredIn = new Map<string, Set<string>>();
  const seenIn = new Map<string, number>();
  for (const { workflowId, input } of definitions) {
    if (!(input instanceof z.ZodObject)) continue;
    for (const [name, field] of Object.entries(input.shape as Record<string, z.ZodType>)) {
      seenIn.set(name, (seenIn.get(name) ?? 0) + 1);
      const required = requiredIn.get(name) ?? new Set<string>();
      if (!field.safeParse(undefined).success) required.add(workflowId);
      requiredIn.set(name, required);
    }
  }
  const fields = [...seenIn.keys()].map((name) => {
    const required = requiredIn.get(name) ?? new Set<string>();
    const everywhere = definitions.every(({ workflowId }) => required.has(workflowId));
    if (everywhere) return `\`${name}\``;
    if (required.size === 0) return `\`${name}?\``;
    return `\`${name}?\` (обязательно: ${[...required].map((id) => `\`${id}\``).join(', ')})`;
  });
  return fields.length > 0 ? fields.join(', ') : '—';
}

/**
 * The shared vocabulary of the workflows as Russian Markdown: actions with their input, guards,
 * branch conditions, input checks, events and timer kinds.
 */
export function describeWorkflowVocabularyAsMarkdown(workflows: readonly Workflow[]): string {
  const lines: string[] = [
    '#### Действия',
    '',
    '| действие | название | тело запроса | процессы |',
    '|---|---|---|---|',
  ];
  for (const name of ACTION_NAMES) {
    const users = workflows.filter((workflow) => workflow.actions.some((action) => action.name === name));
    const definitions = users.flatMap((workflow) =>
      workflow.actions
        .filter((action) => action.name === name)
        .map((action) => ({ workflowId: workflow.id, input: action.input })),
    );
    const fields = definitions.length > 0 ? describeInputFields(definitions) : '—';
    lines.push(
      `| \`${name}\` | ${ACTION_MEANINGS[name].title} | ${fields} | ${users.map((workflow) => `\`${workflow.id}\``).join(', ') || '—'} |`,
    );
  }
  lines.push('', '#### Охранные условия', '', '| код | условие | ответ при отказе (`GUARD_FAILED`) |', '|---|---|---|');
  for (const name of GUARD_NAMES) lines.push(`| \`${name}\` | ${GUARDS[name].title} | ${GUARDS[name].message} |`);
  lines.push('', '#### Условия ветвления', '', '| код | условие |', '|---|---|');
  for (const name of BRANCH_CONDITION_NAMES) lines.push(`| \`${name}\` | ${BRANCH_CONDITIONS[name].title} |`);
  lines.push('', '#### Проверки данных (`INVALID_INPUT` с полем)', '', '| код | проверка |', '|---|---|');
  for (const name of INPUT_CHECK_NAMES) lines.push(`| \`${name}\` | ${INPUT_CHECKS[name].title} |`);
  lines.push('', '#### События', '', '| событие | что произошло |', '|---|---|');
  for (const name of CASE_EVENT_NAMES) lines.push(`| \`${name}\` | ${CASE_EVENT_TITLES[name]} |`);
  lines.push('', '#### Таймеры', '', '| вид | название | где задан |', '|---|---|---|');
  for (const kind of TIMER_KINDS) lines.push(`| \`${kind}\` | ${TIMER_KIND_TITLES[kind]} | \`TIMER_KINDS\` (SLA) |`);
  for (const kind of WORKFLOW_ONLY_TIMER_KINDS) {
    if ((TIMER_KINDS as readonly string[]).includes(kind)) continue;
    lines.push(`| \`${kind}\` | ${WORKFLOW_ONLY_TIMER_KIND_TITLES[kind]} | нужен в \`TIMER_KINDS\` (процессы) |`);
  }
  return `${lines.join('\n')}\n`;
}

export const GENERATED_SECTION_BEGIN = '<!-- workflows:generated:begin -->';
export const GENERATED_SECTION_END = '<!-- workflows:generated:end -->';

/** The generated part of docs/workflows.md, between its markers (the vocabulary, then each workflow). */
export function renderWorkflowsDocumentSection(workflows: readonly Workflow[]): string {
  return [
    GENERATED_SECTION_BEGIN,
    '',
    '### Словарь',
    '',
    describeWorkflowVocabularyAsMarkdown(workflows),
    ...workflows.map(describeWorkflowAsMarkdown),
    GENERATED_SECTION_END,
  ].join('\n');
}
