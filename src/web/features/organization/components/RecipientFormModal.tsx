import { App, Form, Input, Modal, Select, TreeSelect } from 'antd';
import { useMemo, useState } from 'react';
import {
  CreateRecipientSchema,
  RECIPIENT_KIND_TITLES,
  RECIPIENT_KINDS,
  type Recipient,
  type RecipientKind,
} from '../../../../shared/contracts/organization.contract.js';
import { ErrorAlert } from '../../../components/ErrorAlert.js';
import { pickChanges } from '../api/changes.js';
import { applyServerFieldErrors, contractFieldRule, emptyToNull } from '../api/form-errors.js';
import type { TenantScope } from '../api/organization.api.js';
import { collectSubtreeIds, type RecipientNode, toRecipientTreeOptions } from '../api/recipient-tree.js';
import { useCreateRecipient, useUpdateRecipient } from '../hooks/use-organization.js';

/** What the modal edits: a new recipient (perhaps under a chosen parent) or an existing one. */
export type RecipientFormTarget = { mode: 'create'; parent: Recipient | null } | { mode: 'edit'; recipient: Recipient };

type RecipientFormValues = {
  parentId: string | null;
  kind: RecipientKind;
  name: string;
  shortName: string;
};

const FORM_FIELDS = ['parentId', 'kind', 'name', 'shortName'] as const;
const KIND_OPTIONS = RECIPIENT_KINDS.map((kind) => ({ value: kind, label: RECIPIENT_KIND_TITLES[kind] }));

/** The usual kind one level down: under the administration a department, under a department an institution. */
function suggestKind(parent: Recipient | null): RecipientKind {
  if (!parent) return 'administration';
  return parent.kind === 'administration' ? 'department' : 'institution';
}

function initialValues(target: RecipientFormTarget): RecipientFormValues {
  if (target.mode === 'edit') {
    const { recipient } = target;
    return {
      parentId: recipient.parentId,
      kind: recipient.kind,
      name: recipient.name,
      shortName: recipient.shortName ?? '',
    };
  }
  return { parentId: target.parent?.id ?? null, kind: suggestKind(target.parent), name: '', shortName: '' };
}

type RecipientFormModalProps = {
  target: RecipientFormTarget;
  tree: RecipientNode[];
  scope: TenantScope;
  onClose: () => void;
};

export function RecipientFormModal({ target, tree, scope, onClose }: RecipientFormModalProps) {
  const [form] = Form.useForm<RecipientFormValues>();
  const createMutation = useCreateRecipient(scope);
  const updateMutation = useUpdateRecipient();
  const [formError, setFormError] = useState<unknown>(null);
  const { message } = App.useApp();
  const editedId = target.mode === 'edit' ? target.recipient.id : undefined;
  // A recipient cannot be put under itself or under one of its own subordinates.
  const parentOptions = useMemo(
    () => toRecipientTreeOptions(tree, editedId ? collectSubtreeIds(tree, editedId) : new Set()),
    [tree, editedId],
  );

  const handleError = (error: unknown) => {
    if (!applyServerFieldErrors(form, error, FORM_FIELDS)) {
      setFormError(error);
    }
  };

  const submit = (values: RecipientFormValues) => {
    setFormError(null);
    const input = {
      parentId: values.parentId ?? null,
      kind: values.kind,
      name: values.name.trim(),
      shortName: emptyToNull(values.shortName),
    };
    if (target.mode === 'create') {
      createMutation.mutate(input, {
        onSuccess: (created) => {
          void message.success(`Получатель «${created.name}» добавлен`);
          onClose();
        },
        onError: handleError,
      });
      return;
    }
    const { recipient } = target;
    const changes = pickChanges(
      { parentId: recipient.parentId, kind: recipient.kind, name: recipient.name, shortName: recipient.shortName },
      input,
    );
    if (Object.keys(changes).length === 0) {
      onClose();
      return;
    }
    updateMutation.mutate(
      { id: recipient.id, input: changes },
      {
        onSuccess: (saved) => {
          void message.success(`Получатель «${saved.name}» сохранён`);
          onClose();
        },
        onError: handleError,
      },
    );
  };

  return (
    <Modal
      open
      title={target.mode === 'create' ? 'Новый получатель' : 'Получатель'}
      okText={target.mode === 'create' ? 'Добавить' : 'Сохранить'}
      cancelText="Отмена"
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={createMutation.isPending || updateMutation.isPending}
      destroyOnHidden
      width={560}
    >
      <Form<RecipientFormValues>
        form={form}
        name="recipient"
        layout="vertical"
        requiredMark={false}
        initialValues={initialValues(target)}
        onFinish={submit}
        onValuesChange={() => setFormError(null)}
      >
        <Form.Item
          label="Вышестоящий получатель"
          name="parentId"
          extra="Пересылка сообщений идёт по этим связям. Пусто — верхний уровень (администрация)."
        >
          <TreeSelect
            allowClear
            placeholder="Верхний уровень"
            treeData={parentOptions}
            treeDefaultExpandAll
            showSearch={{ treeNodeFilterProp: 'title' }}
            popupMatchSelectWidth={false}
          />
        </Form.Item>
        <Form.Item label="Вид" name="kind" rules={[{ required: true, message: 'Выберите вид получателя' }]}>
          <Select options={KIND_OPTIONS} />
        </Form.Item>
        <Form.Item label="Наименование" name="name" rules={[contractFieldRule(CreateRecipientSchema.shape.name)]}>
          <Input maxLength={300} placeholder="Управление жилищно-коммунального хозяйства" />
        </Form.Item>
        <Form.Item
          label="Краткое наименование"
          name="shortName"
          rules={[contractFieldRule(CreateRecipientSchema.shape.shortName)]}
        >
          <Input maxLength={100} placeholder="УЖКХ" />
        </Form.Item>
        {formError ? <ErrorAlert error={formError} /> : null}
      </Form>
    </Modal>
  );
}
