import { App, DatePicker, Form, Input, Modal, Select } from 'antd';
import type { Dayjs } from 'dayjs';
import { useMemo, useState } from 'react';
import type { Person } from '../../../../shared/contracts/organization.contract.js';
import { ErrorAlert } from '../../../components/ErrorAlert.js';
import { applyServerFieldErrors } from '../api/form-errors.js';
import type { TenantScope } from '../api/organization.api.js';
import { type PersonOption, toPersonOptions } from '../api/select-options.js';
import { useCreateSubstitution } from '../hooks/use-organization.js';
import { renderPersonOption } from './PersonOptionLabel.js';

type SubstitutionFormValues = {
  absentId: string;
  substituteId: string;
  period: [Dayjs, Dayjs];
  reason: string;
};

const ISO_DAY = 'YYYY-MM-DD';

type SubstitutionFormModalProps = {
  people: Person[];
  scope: TenantScope;
  onClose: () => void;
};

export function SubstitutionFormModal({ people, scope, onClose }: SubstitutionFormModalProps) {
  const [form] = Form.useForm<SubstitutionFormValues>();
  const createMutation = useCreateSubstitution(scope);
  const [formError, setFormError] = useState<unknown>(null);
  const { message } = App.useApp();
  const personOptions = useMemo(() => toPersonOptions(people), [people]);

  const submit = (values: SubstitutionFormValues) => {
    setFormError(null);
    const [startsOn, endsOn] = values.period;
    createMutation.mutate(
      {
        absentId: values.absentId,
        substituteId: values.substituteId,
        startsOn: startsOn.format(ISO_DAY),
        endsOn: endsOn.format(ISO_DAY),
        reason: values.reason?.trim() || null,
      },
      {
        onSuccess: (substitution) => {
          void message.success(`${substitution.substituteName} замещает ${substitution.absentName}`);
          onClose();
        },
        onError: (error) => {
          // The period is one field on the form and two in the API.
          const isPlaced = applyServerFieldErrors(form, error, ['absentId', 'substituteId', 'period', 'reason'], {
            startsOn: 'period',
            endsOn: 'period',
          });
          if (!isPlaced) {
            setFormError(error);
          }
        },
      },
    );
  };

  return (
    <Modal
      open
      title="Новое замещение"
      okText="Назначить"
      cancelText="Отмена"
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={createMutation.isPending}
      destroyOnHidden
      width={560}
    >
      <Form<SubstitutionFormValues>
        form={form}
        name="substitution"
        layout="vertical"
        requiredMark={false}
        onFinish={submit}
        onValuesChange={() => setFormError(null)}
      >
        <Form.Item label="Кто отсутствует" name="absentId" rules={[{ required: true, message: 'Выберите сотрудника' }]}>
          <Select<string, PersonOption>
            placeholder="Сотрудник"
            options={personOptions}
            optionRender={renderPersonOption}
            showSearch={{ optionFilterProp: 'label' }}
          />
        </Form.Item>
        <Form.Item
          label="Кто замещает"
          name="substituteId"
          dependencies={['absentId']}
          extra="Замещающий видит и ведёт то же, что и отсутствующий, в указанные дни."
          rules={[
            { required: true, message: 'Выберите замещающего' },
            ({ getFieldValue }) => ({
              validator: async (_rule, value: string | undefined) => {
                if (value && value === getFieldValue('absentId')) {
                  throw new Error('Сотрудник не может замещать сам себя');
                }
              },
            }),
          ]}
        >
          <Select<string, PersonOption>
            placeholder="Сотрудник"
            options={personOptions}
            optionRender={renderPersonOption}
            showSearch={{ optionFilterProp: 'label' }}
          />
        </Form.Item>
        <Form.Item
          label="Период (включительно)"
          name="period"
          rules={[{ required: true, message: 'Укажите первый и последний день' }]}
        >
          <DatePicker.RangePicker format="DD.MM.YYYY" style={{ width: '100%' }} placeholder={['С', 'По']} />
        </Form.Item>
        <Form.Item label="Причина" name="reason">
          <Input maxLength={300} placeholder="Отпуск, командировка, больничный" />
        </Form.Item>
        {formError ? <ErrorAlert error={formError} /> : null}
      </Form>
    </Modal>
  );
}
