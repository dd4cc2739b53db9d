import { Checkbox, Col, Form, Input, InputNumber, Row, Select } from 'antd';
import {
  APPEAL_TYPE_TITLES,
  APPEAL_TYPES,
  RECEIPT_FORM_TITLES,
  RECEIPT_FORMS,
} from '../../../../shared/contracts/appeals.contract.js';

const FORM_OPTIONS = RECEIPT_FORMS.map((form) => ({ value: form, label: RECEIPT_FORM_TITLES[form] }));
const TYPE_OPTIONS = APPEAL_TYPES.map((type) => ({ value: type, label: APPEAL_TYPE_TITLES[type] }));

/** The 59-ФЗ registration fields: form of receipt, вид, collective and signatories, classifier code. */
export function AppealRegistrationFields() {
  const isCollective = Form.useWatch<boolean | undefined>('isCollective');
  return (
    <>
      <Row gutter={16}>
        <Col span={8}>
          <Form.Item
            name="receiptForm"
            label="Форма поступления"
            rules={[{ required: true, message: 'Выберите форму' }]}
          >
            <Select options={FORM_OPTIONS} data-testid="appeal-receipt-form" />
          </Form.Item>
        </Col>
        <Col span={8}>
          <Form.Item name="appealType" label="Вид обращения" rules={[{ required: true, message: 'Выберите вид' }]}>
            <Select options={TYPE_OPTIONS} data-testid="appeal-type" />
          </Form.Item>
        </Col>
        <Col span={8}>
          <Form.Item
            name="classifierCode"
            label="Код классификатора"
            rules={[{ pattern: /^\d{4}\.\d{4}\.\d{4}\.\d{4}$/, message: 'Вида 0002.0014.0143.0416' }]}
          >
            <Input placeholder="0002.0014.0143.0416" maxLength={19} autoComplete="off" />
          </Form.Item>
        </Col>
      </Row>
      <Row gutter={16}>
        <Col span={8}>
          <Form.Item name="isCollective" valuePropName="checked">
            <Checkbox>Коллективное</Checkbox>
          </Form.Item>
        </Col>
        <Col span={8}>
          {isCollective ? (
            <Form.Item
              name="signatoryCount"
              label="Подписавших"
              rules={[{ required: true, type: 'number', min: 2, message: 'Не меньше двух' }]}
            >
              <InputNumber min={2} max={100000} style={{ width: '100%' }} />
            </Form.Item>
          ) : null}
        </Col>
      </Row>
    </>
  );
}
