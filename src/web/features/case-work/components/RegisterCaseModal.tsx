import { App, Checkbox, Col, Form, Input, Modal, Row, Select } from 'antd';
import { useState } from 'react';
import {
  CASE_KIND_TITLES,
  CASE_KINDS,
  type CaseKind,
  CHANNEL_TITLES,
  CHANNELS,
  type Channel,
} from '../../../../shared/channels.js';
import type { CaseDetail, CreateCaseInput } from '../../../../shared/contracts/cases.contract.js';
import { ErrorAlert } from '../../../components/ErrorAlert.js';
import { applyServerFieldErrors, emptyToNull } from '../../organization/api/form-errors.js';
import { useCreateCase } from '../hooks/use-case-work.js';

type RegisterCaseValues = {
  channel: Channel;
  kind: CaseKind;
  text: string;
  category: string;
  address: string;
  applicantName: string;
  applicantPhone: string;
  applicantEmail: string;
  isFastTrack: boolean;
};

const FORM_FIELDS = [
  'channel',
  'kind',
  'text',
  'category',
  'address',
  'applicantName',
  'applicantPhone',
  'applicantEmail',
  'isFastTrack',
] as const;
/** API fields (nested ones by their first part) shown by a form field. */
const FIELD_ALIASES = { territory: 'address', applicant: 'applicantName' };

const CHANNEL_OPTIONS = CHANNELS.map((channel) => ({ value: channel, label: CHANNEL_TITLES[channel] }));
const KIND_OPTIONS = CASE_KINDS.map((kind) => ({ value: kind, label: CASE_KIND_TITLES[kind] }));

const INITIAL_VALUES: Partial<RegisterCaseValues> = { channel: 'phone', kind: 'message', isFastTrack: false };

function toInput(values: RegisterCaseValues): CreateCaseInput {
  const address = emptyToNull(values.address);
  const name = emptyToNull(values.applicantName);
  const phone = emptyToNull(values.applicantPhone);
  const email = emptyToNull(values.applicantEmail);
  return {
    channel: values.channel,
    kind: values.kind,
    text: values.text.trim(),
    category: emptyToNull(values.category),
    isFastTrack: values.isFastTrack,
    ...(address ? { territory: { address } } : {}),
    ...(name || phone || email ? { applicant: { name, phone, email } } : {}),
  };
}

type RegisterCaseModalProps = {
  onClose: () => void;
  onCreated: (created: CaseDetail) => void;
};

/** Registering a message or an appeal by hand (phone, reception, letter, …); the new card opens after. */
export function RegisterCaseModal({ onClose, onCreated }: RegisterCaseModalProps) {
  const [form] = Form.useForm<RegisterCaseValues>();
  const mutation = useCreateCase();
  const [formError, setFormError] = useState<unknown>(null);
  const { message } = App.useApp();

  const submit = (values: RegisterCaseValues) => {
    setFormError(null);
    mutation.mutate(toInput(values), {
      onSuccess: (created) => {
        void message.success(`Зарегистрировано: № ${created.number}`);
        onCreated(created);
      },
      onError: (error) => {
        if (!applyServerFieldErrors(form, error, FORM_FIELDS, FIELD_ALIASES)) {
          setFormError(error);
        }
      },
    });
  };

  return (
    <Modal
      open
      title="Регистрация сообщения или обращения"
      okText="Зарегистрировать"
      cancelText="Отмена"
      width={720}
      confirmLoading={mutation.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
      data-testid="register-case-modal"
    >
      <Form form={form} layout="vertical" requiredMark={false} initialValues={INITIAL_VALUES} onFinish={submit}>
        <Row gutter={16}>
          <Col span={12}>
            <Form.Item name="channel" label="Канал" rules={[{ required: true, message: 'Выберите канал' }]}>
              <Select options={CHANNEL_OPTIONS} showSearch={{ optionFilterProp: 'label' }} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="kind" label="Вид" rules={[{ required: true, message: 'Выберите вид' }]}>
              <Select options={KIND_OPTIONS} />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item
          name="text"
          label="Текст"
          rules={[{ required: true, whitespace: true, message: 'Текст сообщения не может быть пустым' }]}
        >
          <Input.TextArea autoSize={{ minRows: 4, maxRows: 10 }} maxLength={20_000} />
        </Form.Item>
        <Row gutter={16}>
          <Col span={12}>
            <Form.Item name="category" label="Категория">
              <Input maxLength={200} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="address" label="Адрес">
              <Input maxLength={500} />
            </Form.Item>
          </Col>
        </Row>
        <Row gutter={16}>
          <Col span={8}>
            <Form.Item name="applicantName" label="Заявитель">
              <Input maxLength={300} autoComplete="off" />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="applicantPhone" label="Телефон">
              <Input maxLength={50} autoComplete="off" />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item
              name="applicantEmail"
              label="Электронная почта"
              rules={[{ type: 'email', message: 'Неверный адрес электронной почты' }]}
            >
              <Input maxLength={300} autoComplete="off" />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="isFastTrack" valuePropName="checked" style={{ marginBottom: 0 }}>
          <Checkbox>Ускоренное рассмотрение</Checkbox>
        </Form.Item>
      </Form>
      {formError ? <ErrorAlert error={formError} /> : null}
    </Modal>
  );
}
