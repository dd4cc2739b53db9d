import { Alert, App, Form, Modal, Typography } from 'antd';
import { useState } from 'react';
import type { CaseDetail, CaseHistoryEntry } from '../../../../shared/contracts/cases.contract.js';
import { ErrorAlert } from '../../../components/ErrorAlert.js';
import { isApiError } from '../../../platform/http-client.js';
import { applyServerFieldErrors } from '../../organization/api/form-errors.js';
import { initialActionValues, toActionInput } from '../api/action-input.js';
import { describeChange, FORM_FIELDS, findActionForm, findChangesSince, readDraftAnswer } from '../api/case-actions.js';
import { usePerformCaseAction, useReloadCase } from '../hooks/use-case-work.js';
import { ActionFields } from './ActionFields.js';

type ActionModalProps = {
  item: CaseDetail;
  action: { name: string; title: string };
  onClose: () => void;
};

/** One action of the card: its form (or a confirm), sent with the card's version. */
export function ActionModal({ item, action, onClose }: ActionModalProps) {
  const kind = findActionForm(action.name);
  const [form] = Form.useForm();
  const mutation = usePerformCaseAction(item);
  const reloadCase = useReloadCase();
  const [formError, setFormError] = useState<unknown>(null);
  const [conflict, setConflict] = useState<CaseHistoryEntry[] | null>(null);
  const { message } = App.useApp();
  const isWide =
    kind === 'draft-answer' || kind === 'forward' || kind === 'interim-answer' || kind === 'fulfil-promise';

  const handleError = async (error: unknown) => {
    if (isApiError(error) && error.code === 'VERSION_CONFLICT') {
      try {
        const fresh = await reloadCase(item.id);
        setConflict(findChangesSince(item, fresh));
      } catch (reloadError) {
        setFormError(reloadError);
      }
      return;
    }
    if (!applyServerFieldErrors(form, error, FORM_FIELDS[kind])) {
      setFormError(error);
    }
  };

  const submit = (values: Record<string, unknown>) => {
    setFormError(null);
    setConflict(null);
    mutation.mutate(
      { action: action.name, input: toActionInput(kind, values) },
      {
        onSuccess: (updated) => {
          void message.success(`${action.title}: выполнено. Состояние — «${updated.stateTitle}».`);
          onClose();
        },
        onError: (error) => void handleError(error),
      },
    );
  };

  return (
    <Modal
      open
      title={action.title}
      okText={kind === 'confirm' ? 'Подтвердить' : 'Выполнить'}
      cancelText="Отмена"
      width={isWide ? 720 : 520}
      confirmLoading={mutation.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
      data-testid="case-action-modal"
    >
      <Form
        form={form}
        layout="vertical"
        requiredMark={false}
        initialValues={initialActionValues(kind, item, readDraftAnswer(item))}
        onFinish={submit}
      >
        {kind === 'confirm' ? (
          <Typography.Paragraph>
            Выполнить действие «{action.title}» для сообщения № {item.number}?
          </Typography.Paragraph>
        ) : null}
        <ActionFields kind={kind} item={item} form={form} />
      </Form>
      {conflict ? (
        <Alert
          type="warning"
          showIcon
          data-testid="case-version-conflict"
          title={`Сообщение изменили: ${conflict.length > 0 ? conflict.map(describeChange).join('; ') : 'другой пользователь'}`}
          description="Карточка обновлена. Проверьте, нужно ли ещё это действие, и повторите."
        />
      ) : null}
      {formError ? <ErrorAlert error={formError} /> : null}
    </Modal>
  );
}
