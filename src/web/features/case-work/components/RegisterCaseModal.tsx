import { Alert, App, Checkbox, Col, Form, Input, Modal, Row, Select, Typography } from 'antd';
import { type KeyboardEvent, useRef, useState } from 'react';
import {
  CASE_KIND_TITLES,
  CASE_KINDS,
  type CaseKind,
  CHANNEL_TITLES,
  CHANNELS,
  type Channel,
} from '../../../../shared/channels.js';
import type {
  AppealType,
  CreateAppealInput,
  ReceiptForm,
  RegistrationCard,
  RepeatCheckResponse,
} from '../../../../shared/contracts/appeals.contract.js';
import type { CaseDetail, CreateCaseInput } from '../../../../shared/contracts/cases.contract.js';
import { MANUAL_CHANNELS, type SuspectedDuplicate } from '../../../../shared/contracts/manual-entry.contract.js';
import { ErrorAlert } from '../../../components/ErrorAlert.js';
import { formatDateTime } from '../../../lib/dates.js';
import { newSubmissionId } from '../../../lib/submission-id.js';
import { isApiError } from '../../../platform/http-client.js';
import { checkDuplicates, checkRepeat } from '../../appeals/api/appeals.api.js';
import { AppealRegistrationFields } from '../../appeals/components/AppealRegistrationFields.js';
import { useCreateAppeal, useCreateManualEntry } from '../../appeals/hooks/use-appeals.js';
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
  applicantAddress: string;
  isFastTrack: boolean;
  receiptForm: ReceiptForm;
  appealType: AppealType;
  isCollective: boolean;
  signatoryCount: number;
  classifierCode: string;
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
  'applicantAddress',
  'isFastTrack',
  'receiptForm',
  'appealType',
  'isCollective',
  'signatoryCount',
  'classifierCode',
] as const;
/** API fields (nested ones by their first part) shown by a form field. */
const FIELD_ALIASES = { territory: 'address', applicant: 'applicantName' };
/** The appeal API's nested fields, by their full path. */
const APPEAL_FIELDS: Record<string, string> = {
  'applicant.name': 'applicantName',
  'applicant.address': 'applicantAddress',
  'applicant.email': 'applicantEmail',
  'applicant.phone': 'applicantPhone',
};

const CHANNEL_OPTIONS = CHANNELS.map((channel) => ({ value: channel, label: CHANNEL_TITLES[channel] }));
const KIND_OPTIONS = CASE_KINDS.map((kind) => ({ value: kind, label: CASE_KIND_TITLES[kind] }));

const INITIAL_VALUES: Partial<RegisterCaseValues> = {
  channel: 'phone',
  kind: 'message',
  isFastTrack: false,
  receiptForm: 'letter',
  appealType: 'statement',
  isCollective: false,
  signatoryCount: 2,
};

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

function toAppealInput(values: RegisterCaseValues): CreateAppealInput {
  return {
    receiptForm: values.receiptForm,
    appealType: values.appealType,
    isCollective: values.isCollective,
    signatoryCount: values.isCollective ? values.signatoryCount : 1,
    classifierCode: emptyToNull(values.classifierCode),
    text: values.text.trim(),
    category: emptyToNull(values.category),
    address: emptyToNull(values.address),
    isFastTrack: values.isFastTrack,
    applicant: {
      name: values.applicantName?.trim() ?? '',
      address: emptyToNull(values.applicantAddress),
      email: emptyToNull(values.applicantEmail),
      phone: emptyToNull(values.applicantPhone),
    },
  };
}

const isManualChannel = (channel: Channel) => (MANUAL_CHANNELS as readonly string[]).includes(channel);

type RegisterCaseModalProps = {
  onClose: () => void;
  onCreated: (created: CaseDetail) => void;
  /** The journal opens it for a 59-ФЗ appeal; the answer is then the registration card. */
  initialKind?: CaseKind;
  /** Given by the journal: appeals are registered in it at once. */
  onAppealRegistered?: (card: RegistrationCard) => void;
};

/**
 * The operator's entry (phone, reception, letter, e-mail — keyboard first: the text has the focus, Ctrl+Enter
 * saves) of a message, or of a 59-ФЗ appeal registered in the journal at once. A message from a phone that
 * sent a similar text in the last days is saved only after the operator looks at the possible duplicates.
 */
export function RegisterCaseModal({ onClose, onCreated, initialKind, onAppealRegistered }: RegisterCaseModalProps) {
  const [form] = Form.useForm<RegisterCaseValues>();
  const createCase = useCreateCase();
  const createManualEntry = useCreateManualEntry();
  const createAppeal = useCreateAppeal();
  const [formError, setFormError] = useState<unknown>(null);
  // One sending per opened form: a retry after an error (the answer may be what was lost) is answered with
  // the case the first attempt registered, not a second one.
  const [submissionId] = useState(newSubmissionId);
  // An attempt whose answer never came (no connection, a server error) may have written the case: the next
  // one goes straight to the server, which recognises the retry before its own duplicates check — the
  // operator is not warned about their own first attempt.
  const mayHaveBeenWritten = useRef(false);
  const [duplicates, setDuplicates] = useState<SuspectedDuplicate[] | null>(null);
  const [repeat, setRepeat] = useState<RepeatCheckResponse | null>(null);
  const { message } = App.useApp();
  const kind = Form.useWatch('kind', form) ?? initialKind ?? 'message';
  // Opened from the journal: an appeal is registered there at once (number, вид, form of receipt…).
  // From the cases page an appeal is entered as received and registered later from its card.
  const isAppeal = kind === 'appeal' && onAppealRegistered !== undefined;
  const isPending = createCase.isPending || createManualEntry.isPending || createAppeal.isPending;

  const showError = (error: unknown) => {
    if (isApiError(error) && isAppeal) {
      form.setFields(
        error.fields
          .filter((item) => APPEAL_FIELDS[item.field])
          .map((item) => ({ name: APPEAL_FIELDS[item.field] as keyof RegisterCaseValues, errors: [item.message] })),
      );
      if (error.fields.length > 0 && error.fields.every((item) => APPEAL_FIELDS[item.field])) return;
    }
    if (!applyServerFieldErrors(form, error, FORM_FIELDS, FIELD_ALIASES)) setFormError(error);
  };

  const submit = async (values: RegisterCaseValues) => {
    setFormError(null);
    if (isAppeal) {
      createAppeal.mutate(
        { ...toAppealInput(values), submissionId },
        {
          onSuccess: (card) => {
            void message.success(`Обращение зарегистрировано: № ${card.number}${card.isRepeat ? ' (повторное)' : ''}`);
            onAppealRegistered?.(card);
          },
          onError: showError,
        },
      );
      return;
    }
    const input = { ...toInput(values), submissionId };
    // Messages by phone, reception, letter or e-mail go through manual entry with its duplicates warning.
    if (values.kind !== 'message' || !isManualChannel(values.channel)) {
      createCase.mutate(input, {
        onSuccess: (created) => {
          void message.success(`Зарегистрировано: № ${created.number}`);
          onCreated(created);
        },
        onError: showError,
      });
      return;
    }
    if (duplicates === null && !mayHaveBeenWritten.current) {
      try {
        const found = await checkDuplicates(emptyToNull(values.applicantPhone), input.text);
        if (found.duplicates.length > 0) {
          setDuplicates(found.duplicates);
          return;
        }
      } catch (error) {
        showError(error);
        return;
      }
    }
    createManualEntry.mutate(
      {
        ...input,
        channel: values.channel as (typeof MANUAL_CHANNELS)[number],
        isDuplicateConfirmed: duplicates !== null,
      },
      {
        onSuccess: (created) => {
          void message.success(`Зарегистрировано: № ${created.number}`);
          onCreated(created);
        },
        onError: (error) => {
          // Not a retry after all, and the server found similar cases: show them, as the check before would.
          if (isApiError(error) && error.code === 'DUPLICATE_SUSPECTED') {
            checkDuplicates(emptyToNull(values.applicantPhone), input.text)
              .then((found) => (found.duplicates.length > 0 ? setDuplicates(found.duplicates) : showError(error)))
              .catch(showError);
            return;
          }
          if (!isApiError(error) || error.status === 0 || error.status >= 500) mayHaveBeenWritten.current = true;
          showError(error);
        },
      },
    );
  };

  const checkForRepeat = async () => {
    const values = form.getFieldsValue();
    if (!isAppeal || !values.applicantName?.trim()) return;
    try {
      const input = toAppealInput(values);
      setRepeat(
        await checkRepeat({ applicant: input.applicant, text: input.text, classifierCode: input.classifierCode }),
      );
    } catch {
      setRepeat(null); // the check is a hint; registration checks again
    }
  };

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      form.submit();
    }
  };

  return (
    <Modal
      open
      title={isAppeal ? 'Регистрация обращения по 59-ФЗ' : 'Регистрация сообщения или обращения'}
      okText={duplicates ? 'Это новое — зарегистрировать' : 'Зарегистрировать'}
      cancelText="Отмена"
      width={760}
      confirmLoading={isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
      data-testid="register-case-modal"
    >
      {/* biome-ignore lint/a11y/noStaticElementInteractions: Ctrl+Enter anywhere in the form saves it */}
      <div onKeyDown={onKeyDown}>
        <Form
          form={form}
          layout="vertical"
          requiredMark={false}
          initialValues={{ ...INITIAL_VALUES, ...(initialKind ? { kind: initialKind } : {}) }}
          onFinish={(values) => void submit(values)}
          onValuesChange={(changed) => {
            if ('text' in changed || 'applicantPhone' in changed || 'channel' in changed) setDuplicates(null);
          }}
        >
          <Row gutter={16}>
            <Col span={12}>
              <Form.Item name="kind" label="Вид" rules={[{ required: true, message: 'Выберите вид' }]}>
                <Select options={KIND_OPTIONS} data-testid="register-kind" />
              </Form.Item>
            </Col>
            <Col span={12}>
              {isAppeal ? null : (
                <Form.Item name="channel" label="Канал" rules={[{ required: true, message: 'Выберите канал' }]}>
                  <Select options={CHANNEL_OPTIONS} showSearch={{ optionFilterProp: 'label' }} />
                </Form.Item>
              )}
            </Col>
          </Row>
          {isAppeal ? <AppealRegistrationFields /> : null}
          <Form.Item
            name="text"
            label="Текст"
            rules={[{ required: true, whitespace: true, message: 'Текст не может быть пустым' }]}
          >
            <Input.TextArea autoFocus autoSize={{ minRows: 4, maxRows: 10 }} maxLength={20_000} />
          </Form.Item>
          <Row gutter={16}>
            <Col span={12}>
              <Form.Item name="category" label="Категория">
                <Input maxLength={200} />
              </Form.Item>
            </Col>
            <Col span={12}>
              <Form.Item name="address" label="Адрес проблемы">
                <Input maxLength={500} />
              </Form.Item>
            </Col>
          </Row>
          <Row gutter={16}>
            <Col span={isAppeal ? 12 : 8}>
              <Form.Item
                name="applicantName"
                label="Заявитель (ФИО)"
                rules={isAppeal ? [{ required: true, whitespace: true, message: 'Укажите ФИО заявителя' }] : []}
              >
                <Input maxLength={300} autoComplete="off" onBlur={() => void checkForRepeat()} />
              </Form.Item>
            </Col>
            {isAppeal ? (
              <Col span={12}>
                <Form.Item name="applicantAddress" label="Почтовый адрес заявителя">
                  <Input maxLength={500} autoComplete="off" onBlur={() => void checkForRepeat()} />
                </Form.Item>
              </Col>
            ) : null}
            <Col span={isAppeal ? 12 : 8}>
              <Form.Item name="applicantPhone" label="Телефон">
                <Input maxLength={50} autoComplete="off" onBlur={() => void checkForRepeat()} />
              </Form.Item>
            </Col>
            <Col span={isAppeal ? 12 : 8}>
              <Form.Item
                name="applicantEmail"
                label="Электронная почта"
                rules={[{ type: 'email', message: 'Неверный адрес электронной почты' }]}
              >
                <Input maxLength={300} autoComplete="off" onBlur={() => void checkForRepeat()} />
              </Form.Item>
            </Col>
          </Row>
          <Form.Item name="isFastTrack" valuePropName="checked" style={{ marginBottom: 0 }}>
            <Checkbox>Срочно</Checkbox>
          </Form.Item>
        </Form>
        <Typography.Text type="secondary">Ctrl+Enter — зарегистрировать</Typography.Text>
      </div>
      {repeat?.isRepeat ? (
        <Alert
          type="info"
          showIcon
          style={{ marginTop: 12 }}
          message="Похоже на повторное обращение — оно будет отмечено"
          description={repeat.earlier
            .map((item) => `№ ${item.number} от ${formatDateTime(item.registeredAt)}: ${item.reason}`)
            .join('; ')}
        />
      ) : null}
      {duplicates ? (
        <Alert
          type="warning"
          showIcon
          style={{ marginTop: 12 }}
          data-testid="duplicates-warning"
          message="С этого телефона за последние дни уже было похожее"
          description={
            <ul style={{ margin: 0, paddingLeft: 18 }}>
              {duplicates.map((item) => (
                <li key={item.id}>
                  № {item.number} от {formatDateTime(item.receivedAt)} — {item.excerpt}
                </li>
              ))}
            </ul>
          }
        />
      ) : null}
      {formError ? <ErrorAlert error={formError} /> : null}
    </Modal>
  );
}
