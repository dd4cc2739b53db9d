import { App, Form, Input, Modal, Select } from 'antd';
import { useMemo, useState } from 'react';
import { type Block, CreateBlockSchema, type Person } from '../../../../shared/contracts/organization.contract.js';
import { ErrorAlert } from '../../../components/ErrorAlert.js';
import { pickChanges } from '../api/changes.js';
import { applyServerFieldErrors, contractFieldRule } from '../api/form-errors.js';
import type { TenantScope } from '../api/organization.api.js';
import { type PersonOption, toPersonOptions } from '../api/select-options.js';
import { useCreateBlock, useUpdateBlock } from '../hooks/use-organization.js';
import { renderPersonOption } from './PersonOptionLabel.js';

type BlockFormValues = {
  name: string;
  leaderId: string | null;
  memberIds: string[];
  topics: string[];
};

const FORM_FIELDS = ['name', 'leaderId', 'memberIds', 'topics'] as const;

type BlockFormModalProps = {
  /** The block to edit, or null for a new one. */
  block: Block | null;
  people: Person[];
  scope: TenantScope;
  onClose: () => void;
};

export function BlockFormModal({ block, people, scope, onClose }: BlockFormModalProps) {
  const [form] = Form.useForm<BlockFormValues>();
  const createMutation = useCreateBlock(scope);
  const updateMutation = useUpdateBlock();
  const [formError, setFormError] = useState<unknown>(null);
  const { message } = App.useApp();
  const personOptions = useMemo(
    () => toPersonOptions(people, block ? [...block.memberIds, ...(block.leaderId ? [block.leaderId] : [])] : []),
    [people, block],
  );

  const handleError = (error: unknown) => {
    if (!applyServerFieldErrors(form, error, FORM_FIELDS)) {
      setFormError(error);
    }
  };

  const submit = (values: BlockFormValues) => {
    setFormError(null);
    const input = {
      name: values.name.trim(),
      leaderId: values.leaderId ?? null,
      memberIds: values.memberIds,
      topics: values.topics.map((topic) => topic.trim()).filter((topic) => topic !== ''),
    };
    if (!block) {
      createMutation.mutate(input, {
        onSuccess: (created) => {
          void message.success(`Блок «${created.name}» добавлен`);
          onClose();
        },
        onError: handleError,
      });
      return;
    }
    const changes = pickChanges(
      { name: block.name, leaderId: block.leaderId, memberIds: block.memberIds, topics: block.topics },
      input,
    );
    if (Object.keys(changes).length === 0) {
      onClose();
      return;
    }
    updateMutation.mutate(
      { id: block.id, input: changes },
      {
        onSuccess: (saved) => {
          void message.success(`Блок «${saved.name}» сохранён`);
          onClose();
        },
        onError: handleError,
      },
    );
  };

  return (
    <Modal
      open
      title={block ? 'Отраслевой блок' : 'Новый отраслевой блок'}
      okText={block ? 'Сохранить' : 'Добавить'}
      cancelText="Отмена"
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={createMutation.isPending || updateMutation.isPending}
      destroyOnHidden
      width={640}
    >
      <Form<BlockFormValues>
        form={form}
        name="block"
        layout="vertical"
        requiredMark={false}
        initialValues={{
          name: block?.name ?? '',
          leaderId: block?.leaderId ?? null,
          memberIds: block?.memberIds ?? [],
          topics: block?.topics ?? [],
        }}
        onFinish={submit}
        onValuesChange={() => setFormError(null)}
      >
        <Form.Item label="Название" name="name" rules={[contractFieldRule(CreateBlockSchema.shape.name)]}>
          <Input maxLength={300} placeholder="Дорожная инфраструктура, транспорт, ЖКХ, благоустройство, ТКО" />
        </Form.Item>
        <Form.Item label="Руководитель блока" name="leaderId">
          <Select<string | null, PersonOption>
            allowClear
            placeholder="Не назначен"
            options={personOptions}
            optionRender={renderPersonOption}
            showSearch={{ optionFilterProp: 'label' }}
          />
        </Form.Item>
        <Form.Item label="Участники" name="memberIds">
          <Select<string[], PersonOption>
            mode="multiple"
            allowClear
            placeholder="Выберите сотрудников"
            options={personOptions}
            optionRender={renderPersonOption}
            showSearch={{ optionFilterProp: 'label' }}
          />
        </Form.Item>
        <Form.Item
          label="Темы"
          name="topics"
          extra="Темы обращений, которые ведёт блок. Введите тему и нажмите Enter; несколько — через точку с запятой."
        >
          <Select mode="tags" tokenSeparators={[';']} placeholder="Дороги; Уборка снега; Вывоз ТКО" open={false} />
        </Form.Item>
        {formError ? <ErrorAlert error={formError} /> : null}
      </Form>
    </Modal>
  );
}
