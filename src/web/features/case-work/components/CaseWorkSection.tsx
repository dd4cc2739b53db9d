import { Button, Card, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import type { CaseDetail } from '../../../../shared/contracts/cases.contract.js';
import { formatDateTime } from '../../../lib/dates.js';
import { RegisterExistingAppealModal } from '../../appeals/components/RegisterExistingAppealModal.js';
import { RegisterInPosButton } from '../../appeals/components/RegisterInPosButton.js';
import { pickAttachments, readAttachmentIds } from '../api/attachments.api.js';
import { describeResult, readDraftAnswer } from '../api/case-actions.js';
import { ActionModal } from './ActionModal.js';
import { AttachmentList } from './AttachmentList.js';

type ActionRef = { name: string; title: string };

/** Actions that move the case forward are primary; turning it back or away is marked as such. */
const DANGEROUS_ACTIONS: ReadonlySet<string> = new Set([
  'moderate-reject',
  'close',
  'return-for-rework',
  'return-by-cur',
]);
/** The step that moves the case on, in the order of the lifecycle: the first one allowed is the primary button. */
const FORWARD_ACTIONS: readonly string[] = [
  'register',
  'moderate-accept',
  'take',
  'assign',
  'draft-answer',
  'approve',
  'approve-cur',
  'sign',
  'record-result',
  'publish',
];

/** The work part of the card: where the case is, the draft answer, and the actions allowed to me. */
export function CaseWorkSection({ item }: { item: CaseDetail }) {
  const [openAction, setOpenAction] = useState<ActionRef | null>(null);
  const draftAnswer = readDraftAnswer(item);
  const result = describeResult(item.result);
  const answerFiles = pickAttachments(item, readAttachmentIds(item.lifecycle.draftAnswer));
  const promiseReport = item.lifecycle.promiseReport;
  const promiseFiles = pickAttachments(item, readAttachmentIds(promiseReport));
  const promiseText =
    typeof promiseReport === 'object' && promiseReport !== null && 'text' in promiseReport
      ? (promiseReport as { text: unknown }).text
      : null;
  const promisedAt = typeof item.lifecycle.promisedAt === 'string' ? item.lifecycle.promisedAt : null;
  const primaryName = FORWARD_ACTIONS.find((name) => item.allowedActions.some((action) => action.name === name));

  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }} data-testid="case-work">
      <Space size={8} wrap>
        <Typography.Text type="secondary">Состояние:</Typography.Text>
        <Tag color="processing" data-testid="case-state" style={{ fontSize: 14, padding: '2px 8px' }}>
          {item.stateTitle}
        </Tag>
        {result ? <Tag color="green">Результат: {result}</Tag> : null}
        {item.rating !== null ? (
          <Tag color={item.rating <= 3 ? 'orange' : 'green'}>Оценка: {item.rating} из 5</Tag>
        ) : null}
      </Space>
      {draftAnswer ? (
        <Card size="small" title="Проект ответа" data-testid="case-draft-answer">
          <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: answerFiles.length > 0 ? 8 : 0 }}>
            {draftAnswer}
          </Typography.Paragraph>
          {answerFiles.length > 0 ? (
            <div data-testid="case-draft-answer-attachments">
              <AttachmentList attachments={answerFiles} isCompact />
            </div>
          ) : null}
        </Card>
      ) : null}
      {promisedAt ? (
        <Card
          size="small"
          title={`Обещано к ${formatDateTime(promisedAt)}`}
          extra={
            promiseReport ? <Tag color="green">Подтверждено</Tag> : <Tag color="orange">Ждёт фото или сведений</Tag>
          }
          data-testid="case-promise"
        >
          {typeof promiseText === 'string' && promiseText !== '' ? (
            <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: 8 }}>
              {promiseText}
            </Typography.Paragraph>
          ) : null}
          {promiseFiles.length > 0 ? <AttachmentList attachments={promiseFiles} isCompact /> : null}
          {!promiseReport ? (
            <Typography.Text type="secondary">Промежуточный ответ дан; подтвердите выполнение к сроку.</Typography.Text>
          ) : null}
        </Card>
      ) : null}
      {item.allowedActions.length > 0 ? (
        <Space size={8} wrap data-testid="case-actions">
          {item.allowedActions.map((action) => (
            <Button
              key={action.name}
              type={action.name === primaryName ? 'primary' : 'default'}
              danger={DANGEROUS_ACTIONS.has(action.name)}
              onClick={() => setOpenAction(action)}
              data-action={action.name}
            >
              {action.title}
            </Button>
          ))}
          {item.kind === 'appeal' && item.allowedActions.some((action) => action.name === 'register') ? (
            <Button
              type="primary"
              ghost
              onClick={() => setOpenAction({ name: 'register-in-journal', title: 'Зарегистрировать в журнале' })}
              data-testid="register-in-journal"
            >
              Зарегистрировать в журнале 59-ФЗ
            </Button>
          ) : null}
          <RegisterInPosButton item={item} />
        </Space>
      ) : (
        <Space size={8} wrap>
          <Typography.Text type="secondary">Сейчас вам здесь нечего делать: доступных действий нет.</Typography.Text>
          {/* The administrator keeps the ПОС integration without working the case. */}
          <RegisterInPosButton item={item} />
        </Space>
      )}
      {openAction?.name === 'register-in-journal' ? (
        // The 59-ФЗ journal: the appeal gets its number, вид, form of receipt and repeat check there.
        <RegisterExistingAppealModal item={item} onClose={() => setOpenAction(null)} />
      ) : openAction ? (
        <ActionModal item={item} action={openAction} onClose={() => setOpenAction(null)} />
      ) : null}
    </Space>
  );
}
