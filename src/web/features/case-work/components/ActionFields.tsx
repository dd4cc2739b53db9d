import { DatePicker, Form, type FormInstance, Input, InputNumber, Radio, Rate, Select, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import type { CaseDetail } from '../../../../shared/contracts/cases.contract.js';
import type { Person } from '../../../../shared/contracts/organization.contract.js';
import { EXTENSION_DAYS_MAX, REASON_MAX_LENGTH, TEXT_MAX_LENGTH } from '../../../../shared/workflow/index.js';
import { formatDateTime } from '../../../lib/dates.js';
import { type ActionFormKind, findCaseWorkflow, listReasons, RESULT_OPTIONS } from '../api/case-actions.js';
import { useColleagues, useExecutors, useRecipientOptions } from '../hooks/use-case-work.js';
import { AnswerEditorFields } from './AnswerEditorFields.js';
import { AttachmentPicker } from './AttachmentPicker.js';

function required(message: string) {
  return [{ required: true, whitespace: true, message }];
}

function personOptions(people: Person[] | undefined) {
  return (people ?? []).map((person) => ({
    value: person.id,
    label: person.recipientName ? `${person.fullName} — ${person.recipientName}` : person.fullName,
  }));
}

function ExecutorField({ isRequired }: { isRequired: boolean }) {
  const executorsQuery = useExecutors(true);
  return (
    <Form.Item
      name="executorId"
      label="Исполнитель"
      rules={isRequired ? [{ required: true, message: 'Выберите исполнителя' }] : []}
    >
      <Select
        allowClear
        showSearch={{ optionFilterProp: 'label' }}
        placeholder="Выберите исполнителя"
        loading={executorsQuery.isFetching}
        options={personOptions(executorsQuery.data)}
        data-testid="executor-select"
      />
    </Form.Item>
  );
}

function RecipientField({ label, isRequired }: { label: string; isRequired: boolean }) {
  const recipientsQuery = useRecipientOptions(true);
  const options = (recipientsQuery.data ?? [])
    .filter((recipient) => recipient.isActive)
    .map((recipient) => ({ value: recipient.id, label: recipient.name }));
  return (
    <Form.Item
      name="recipientId"
      label={label}
      rules={isRequired ? [{ required: true, message: 'Выберите получателя' }] : []}
    >
      <Select
        allowClear
        showSearch={{ optionFilterProp: 'label' }}
        placeholder="Выберите получателя"
        loading={recipientsQuery.isFetching}
        options={options}
      />
    </Form.Item>
  );
}

function DueAtField({ name, label, isRequired }: { name: string; label: string; isRequired: boolean }) {
  return (
    <Form.Item
      name={name}
      label={label}
      rules={isRequired ? [{ required: true, message: 'Укажите дату и время' }] : []}
      extra={isRequired ? undefined : 'Если не указать — по сроку SLA'}
    >
      <DatePicker
        showTime={{ format: 'HH:mm' }}
        format="DD.MM.YYYY HH:mm"
        style={{ width: '100%' }}
        disabledDate={(day: Dayjs) => day.isBefore(new Date(), 'day')}
      />
    </Form.Item>
  );
}

function TextField({
  name,
  label,
  message,
  rows = 4,
}: {
  name: string;
  label: string;
  message?: string;
  rows?: number;
}) {
  return (
    <Form.Item name={name} label={label} rules={message ? required(message) : []}>
      <Input.TextArea autoSize={{ minRows: rows, maxRows: 12 }} maxLength={TEXT_MAX_LENGTH} />
    </Form.Item>
  );
}

function ReasonTextField({ isRequired }: { isRequired: boolean }) {
  return (
    <Form.Item name="reason" label="Причина" rules={isRequired ? required('Укажите причину') : []}>
      <Input.TextArea autoSize={{ minRows: 2, maxRows: 8 }} maxLength={REASON_MAX_LENGTH} />
    </Form.Item>
  );
}

function DaysField({ label }: { label: string }) {
  return (
    <Form.Item name="days" label={label}>
      <InputNumber min={1} max={EXTENSION_DAYS_MAX} precision={0} style={{ width: 160 }} addonAfter="дн." />
    </Form.Item>
  );
}

function ListedReasonFields({ item, kind }: { item: CaseDetail; kind: 'reject' | 'close' }) {
  const reasons = listReasons(findCaseWorkflow(item), kind);
  return (
    <>
      <Form.Item name="reason" label="Причина" rules={[{ required: true, message: 'Выберите причину' }]}>
        <Select
          placeholder="Выберите причину"
          options={reasons.map((reason) => ({ value: reason.code, label: reason.title }))}
        />
      </Form.Item>
      <TextField name="comment" label="Комментарий" rows={2} />
    </>
  );
}

function ForwardFields() {
  const target = Form.useWatch('target') as 'recipient' | 'external' | undefined;
  return (
    <>
      <Form.Item name="target" label="Куда">
        <Radio.Group
          optionType="button"
          options={[
            { value: 'recipient', label: 'Другому получателю' },
            { value: 'external', label: 'В другую организацию' },
          ]}
        />
      </Form.Item>
      {target === 'external' ? (
        <>
          <Form.Item name="externalOrganisation" label="Организация" rules={required('Укажите организацию')}>
            <Input maxLength={500} />
          </Form.Item>
          <TextField name="coveringLetter" label="Сопроводительное письмо" message="Напишите сопроводительное письмо" />
        </>
      ) : (
        <RecipientField label="Получатель" isRequired />
      )}
      <TextField name="comment" label="Комментарий" rows={2} />
    </>
  );
}

function MentionsField() {
  const colleaguesQuery = useColleagues(true);
  return (
    <Form.Item name="mentions" label="Упомянуть" extra="Упомянутые получат уведомление">
      <Select
        mode="multiple"
        allowClear
        showSearch={{ optionFilterProp: 'label' }}
        placeholder="@коллеги"
        loading={colleaguesQuery.isFetching}
        options={personOptions(colleaguesQuery.data)}
      />
    </Form.Item>
  );
}

type ActionFieldsProps = { kind: ActionFormKind; item: CaseDetail; form: FormInstance };

/** The fields of one action's form; the values are turned into the request by `toActionInput`. */
export function ActionFields({ kind, item, form }: ActionFieldsProps) {
  switch (kind) {
    case 'assign':
      return (
        <>
          <ExecutorField isRequired={false} />
          <RecipientField label="Ответственный получатель" isRequired={false} />
          <Typography.Paragraph type="secondary" style={{ marginTop: -8 }}>
            Укажите исполнителя, получателя или обоих.
          </Typography.Paragraph>
          <DueAtField name="dueAt" label="Срок исполнителю" isRequired={false} />
        </>
      );
    case 'forward':
      return <ForwardFields />;
    case 'reject':
    case 'close':
      return <ListedReasonFields item={item} kind={kind} />;
    case 'reason':
      return <ReasonTextField isRequired />;
    case 'optional-reason':
      return <ReasonTextField isRequired={false} />;
    case 'extension':
      return (
        <>
          <ReasonTextField isRequired />
          <DaysField label="На сколько дней" />
        </>
      );
    case 'approve-extension':
      return (
        <>
          <DaysField label="На сколько дней" />
          <TextField name="comment" label="Комментарий" rows={2} />
        </>
      );
    case 'interim-answer':
      return (
        <>
          <TextField name="text" label="Текст промежуточного ответа" message="Напишите текст ответа" />
          <DueAtField name="promisedAt" label="Обещанный срок" isRequired />
        </>
      );
    case 'draft-answer':
      return <AnswerEditorFields item={item} form={form} />;
    case 'fulfil-promise':
      return (
        <>
          <Typography.Paragraph type="secondary">
            Приложите фото выполненной работы или опишите, что сделано к обещанному сроку
            {typeof item.lifecycle.promisedAt === 'string' ? ` (${formatDateTime(item.lifecycle.promisedAt)})` : ''}.
          </Typography.Paragraph>
          <Form.Item name="attachmentIds" label="Фото и документы">
            <AttachmentPicker item={item} hint="Фото выполненной работы." />
          </Form.Item>
          <TextField name="text" label="Сведения" rows={3} />
        </>
      );
    case 'result':
    case 'optional-result':
      return (
        <Form.Item
          name="result"
          label="Результат"
          rules={kind === 'result' ? [{ required: true, message: 'Выберите результат' }] : []}
          extra={kind === 'optional-result' ? 'Можно не указывать, если результат уже записан' : undefined}
        >
          <Select allowClear placeholder="Выберите результат" options={RESULT_OPTIONS} data-testid="result-select" />
        </Form.Item>
      );
    case 'comment':
      return (
        <>
          <TextField name="text" label="Комментарий" message="Напишите комментарий" rows={3} />
          <MentionsField />
        </>
      );
    case 'resident-comment':
      return <TextField name="text" label="Комментарий заявителя" message="Напишите комментарий" rows={3} />;
    case 'resident-rating':
      return (
        <>
          <Form.Item name="rating" label="Оценка" rules={[{ required: true, message: 'Поставьте оценку от 1 до 5' }]}>
            <Rate />
          </Form.Item>
          <TextField name="comment" label="Комментарий" rows={2} />
        </>
      );
    case 'register':
      return (
        <Form.Item
          name="registrationNumber"
          label="Регистрационный номер"
          extra="Если не указать — номер присвоит система"
        >
          <Input maxLength={50} />
        </Form.Item>
      );
    case 'request-info':
      return <TextField name="text" label="Что уточнить у заявителя" message="Напишите, что нужно уточнить" />;
    case 'take':
      return (
        <Form.Item name="category" label="Категория" extra="Нужна, если её ещё нет (региональный портал)">
          <Input maxLength={200} />
        </Form.Item>
      );
    case 'confirm':
      return null;
  }
}
