import { App, Col, Form, Input, Modal, Row } from 'antd';
import { useState } from 'react';
import type { AppealType, ReceiptForm } from '../../../../shared/contracts/appeals.contract.js';
import type { CaseDetail } from '../../../../shared/contracts/cases.contract.js';
import { ErrorAlert } from '../../../components/ErrorAlert.js';
import { isApiError } from '../../../platform/http-client.js';
import { emptyToNull } from '../../organization/api/form-errors.js';
import { useRegisterAppeal } from '../hooks/use-appeals.js';
import { AppealRegistrationFields } from './AppealRegistrationFields.js';

type Values = {
  receiptForm: ReceiptForm;
  appealType: AppealType;
  isCollective: boolean;
  signatoryCount: number;
  classifierCode: string;
  applicantName: string;
  applicantAddress: string;
  applicantEmail: string;
  applicantPhone: string;
};

const RECEIPT_FORM_OF_CHANNEL: Partial<Record<string, ReceiptForm>> = {
  letter: 'letter',
  email: 'email',
  reception: 'reception',
  pos: 'epgu',
};
const FIELD_OF: Record<string, keyof Values> = {
  'applicant.name': 'applicantName',
  'applicant.address': 'applicantAddress',
  'applicant.email': 'applicantEmail',
  'applicant.phone': 'applicantPhone',
  receiptForm: 'receiptForm',
  appealType: 'appealType',
  isCollective: 'isCollective',
  signatoryCount: 'signatoryCount',
  classifierCode: 'classifierCode',
};

/** «Зарегистрировать» on an appeal that came in through a channel: it gets its number in the journal. */
export function RegisterExistingAppealModal({ item, onClose }: { item: CaseDetail; onClose: () => void }) {
  const [form] = Form.useForm<Values>();
  const mutation = useRegisterAppeal();
  const [formError, setFormError] = useState<unknown>(null);
  const { message } = App.useApp();
  const submit = (values: Values) => {
    setFormError(null);
    mutation.mutate(
      {
        caseId: item.id,
        receiptForm: values.receiptForm,
        appealType: values.appealType,
        isCollective: values.isCollective,
        signatoryCount: values.isCollective ? values.signatoryCount : 1,
        classifierCode: emptyToNull(values.classifierCode),
        applicant: {
          name: values.applicantName?.trim() ?? '',
          address: emptyToNull(values.applicantAddress),
          email: emptyToNull(values.applicantEmail),
          phone: emptyToNull(values.applicantPhone),
        },
      },
      {
        onSuccess: (card) => {
          void message.success(`Обращение зарегистрировано: № ${card.number}${card.isRepeat ? ' (повторное)' : ''}`);
          onClose();
        },
        onError: (error) => {
          const placed = isApiError(error) ? error.fields.filter((field) => FIELD_OF[field.field]) : [];
          form.setFields(
            placed.map((field) => ({ name: FIELD_OF[field.field] as keyof Values, errors: [field.message] })),
          );
          if (!isApiError(error) || placed.length !== error.fields.length || placed.length === 0) setFormError(error);
        },
      },
    );
  };
  const contact = item.isApplicantMasked ? null : item.applicantContact;
  return (
    <Modal
      open
      title={`Регистрация обращения № ${item.number} в журнале`}
      okText="Зарегистрировать"
      cancelText="Отмена"
      width={760}
      confirmLoading={mutation.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <Form
        form={form}
        layout="vertical"
        requiredMark={false}
        onFinish={submit}
        initialValues={{
          receiptForm: RECEIPT_FORM_OF_CHANNEL[item.channel] ?? 'letter',
          appealType: 'statement',
          isCollective: false,
          signatoryCount: 2,
          applicantName: item.isApplicantMasked ? '' : (item.applicantName ?? ''),
          applicantEmail: contact?.includes('@') ? contact : '',
          applicantPhone: contact && !contact.includes('@') ? contact : '',
        }}
      >
        <AppealRegistrationFields />
        <Row gutter={16}>
          <Col span={12}>
            <Form.Item
              name="applicantName"
              label="Заявитель (ФИО)"
              rules={[{ required: true, whitespace: true, message: 'Укажите ФИО' }]}
            >
              <Input maxLength={300} autoComplete="off" />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="applicantAddress" label="Почтовый адрес заявителя">
              <Input maxLength={500} autoComplete="off" />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="applicantEmail" label="Электронная почта">
              <Input maxLength={300} autoComplete="off" />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="applicantPhone" label="Телефон">
              <Input maxLength={50} autoComplete="off" />
            </Form.Item>
          </Col>
        </Row>
      </Form>
      {formError ? <ErrorAlert error={formError} /> : null}
    </Modal>
  );
}
