import {
  Alert,
  App,
  Button,
  DatePicker,
  Descriptions,
  Form,
  Input,
  Modal,
  Popover,
  Result,
  Typography,
  Upload,
  type UploadFile,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import type { CompositionImportReport } from '../../../../shared/contracts/organization.contract.js';
import { ROLE_TITLES, ROLES } from '../../../../shared/roles.js';
import { ErrorAlert } from '../../../components/ErrorAlert.js';
import { formatCount } from '../../../lib/numbers.js';
import { isApiError } from '../../../platform/http-client.js';
import { applyServerFieldErrors } from '../api/form-errors.js';
import type { TenantScope } from '../api/organization.api.js';
import { useImportComposition } from '../hooks/use-organization.js';
import { ActionLink } from './ActionLink.js';

type ImportFormValues = {
  file: UploadFile[];
  actNumber: string;
  actDate: Dayjs;
  note: string;
};

const FORM_FIELDS = ['file', 'actNumber', 'actDate', 'note'] as const;
const ACCEPTED_EXTENSIONS = ['.csv', '.xlsx'];

function hasAcceptedExtension(name: string): boolean {
  const lower = name.toLowerCase();
  return ACCEPTED_EXTENSIONS.some((extension) => lower.endsWith(extension));
}

const ROLE_LIST = (
  <table style={{ borderCollapse: 'collapse' }}>
    <tbody>
      {ROLES.filter((role) => role !== 'cur_curator').map((role) => (
        <tr key={role}>
          <td style={{ paddingInlineEnd: 12 }}>{ROLE_TITLES[role]}</td>
          <td>
            <Typography.Text code>{role}</Typography.Text>
          </td>
        </tr>
      ))}
    </tbody>
  </table>
);

/** What the table must look like: shown before the file is chosen, so the first attempt can succeed. */
function FormatHint() {
  return (
    <Alert
      type="info"
      showIcon
      style={{ marginBottom: 16 }}
      title={
        <>
          Таблица CSV или XLSX со столбцами <Typography.Text code>ФИО; Должность; Роль; Блок</Typography.Text>
        </>
      }
      description={
        <>
          <div>
            Первая строка — заголовки, дальше одна строка на участника; обязательно только ФИО. Роль — название или код
            (
            <Popover title="Роли" content={ROLE_LIST} placement="bottom" trigger={['hover', 'click']}>
              <ActionLink>список ролей</ActionLink>
            </Popover>
            ), блок — название отраслевого блока. CSV — с разделителем «;», в UTF-8 или Windows-1251.
          </div>
          <div style={{ marginTop: 4 }}>
            Пример:{' '}
            <Typography.Text code>
              Иванов Иван Иванович; Заместитель главы; Руководитель блока; Социальная политика
            </Typography.Text>
          </div>
          <div style={{ marginTop: 4 }}>
            Сотрудники сопоставляются по ФИО, недостающие добавляются вместе с блоками и ролями. Загрузка создаёт новую
            версию состава; прежние сохраняются.
          </div>
        </>
      }
    />
  );
}

function ImportReport({ report }: { report: CompositionImportReport }) {
  const { composition } = report;
  return (
    <Result
      status="success"
      title={`Загружена версия ${composition.version} состава`}
      subTitle={`Акт № ${composition.actNumber} от ${composition.actDate.split('-').reverse().join('.')}`}
      style={{ paddingBlock: 16 }}
    >
      <Descriptions
        size="small"
        column={1}
        bordered
        data-testid="composition-import-report"
        items={[
          { key: 'members', label: 'Участников в составе', children: formatCount(composition.memberCount) },
          { key: 'matched', label: 'Найдено среди сотрудников', children: formatCount(report.matchedPeople) },
          { key: 'created', label: 'Добавлено новых сотрудников', children: formatCount(report.createdPeople) },
          { key: 'blocks', label: 'Создано блоков', children: formatCount(report.createdBlocks) },
          { key: 'roles', label: 'Назначено ролей', children: formatCount(report.grantedRoles) },
        ]}
      />
    </Result>
  );
}

/**
 * The server's answer to a bad file. A table with bad lines comes back with one field error per line
 * («Строка 5: неизвестная роль …»): they are listed one under another, the way the administrator fixes them.
 */
function ImportError({ error }: { error: unknown }) {
  const lines = isApiError(error)
    ? error.fields.filter((field) => field.field === 'file').map((field) => field.message)
    : [];
  if (!isApiError(error) || lines.length === 0) {
    return <ErrorAlert error={error} />;
  }
  // Only the first lines are named one by one; the message says how many more there are.
  const more = /…и ещё \d+\.?$/.exec(error.message)?.[0];
  return (
    <Alert
      type="error"
      showIcon
      data-testid="composition-import-error"
      title={lines.length > 1 || more ? 'Состав не загружен: исправьте таблицу и загрузите её снова' : lines[0]}
      description={
        lines.length > 1 || more ? (
          <ul style={{ margin: 0, paddingInlineStart: 20 }}>
            {lines.map((line) => (
              <li key={line}>{line}</li>
            ))}
            {more ? <li>{more}</li> : null}
          </ul>
        ) : undefined
      }
    />
  );
}

type CompositionImportModalProps = {
  scope: TenantScope;
  onClose: () => void;
};

export function CompositionImportModal({ scope, onClose }: CompositionImportModalProps) {
  const [form] = Form.useForm<ImportFormValues>();
  const importMutation = useImportComposition(scope);
  const [formError, setFormError] = useState<unknown>(null);
  const { message } = App.useApp();
  const report = importMutation.data;

  const submit = (values: ImportFormValues) => {
    const file = values.file[0]?.originFileObj;
    if (!file) {
      return;
    }
    setFormError(null);
    importMutation.mutate(
      {
        file,
        actNumber: values.actNumber.trim(),
        actDate: values.actDate.format('YYYY-MM-DD'),
        note: values.note?.trim() || null,
      },
      {
        onSuccess: (result) => void message.success(`Состав загружен: версия ${result.composition.version}`),
        onError: (error) => {
          // Line errors name the file; they stay in the list under the alert rather than only under the field.
          if (
            !applyServerFieldErrors(
              form,
              error,
              FORM_FIELDS.filter((field) => field !== 'file'),
            )
          ) {
            setFormError(error);
          }
        },
      },
    );
  };

  return (
    <Modal
      open
      title="Загрузка состава МЦУ"
      onCancel={onClose}
      destroyOnHidden
      width={720}
      footer={
        report
          ? [
              <Button key="done" type="primary" onClick={onClose}>
                Готово
              </Button>,
            ]
          : [
              <Button key="cancel" onClick={onClose}>
                Отмена
              </Button>,
              <Button key="submit" type="primary" loading={importMutation.isPending} onClick={() => form.submit()}>
                Загрузить
              </Button>,
            ]
      }
    >
      {report ? (
        <ImportReport report={report} />
      ) : (
        <>
          <FormatHint />
          <Form<ImportFormValues>
            form={form}
            name="composition-import"
            layout="vertical"
            requiredMark={false}
            onFinish={submit}
            onValuesChange={() => setFormError(null)}
          >
            <Form.Item
              label="Файл"
              name="file"
              valuePropName="fileList"
              getValueFromEvent={(event: { fileList: UploadFile[] }) => event.fileList.slice(-1)}
              rules={[
                {
                  validator: async (_rule, value: UploadFile[] | undefined) => {
                    const file = value?.[0];
                    if (!file) throw new Error('Выберите файл CSV или XLSX');
                    if (!hasAcceptedExtension(file.name)) throw new Error('Нужен файл .csv или .xlsx');
                  },
                },
              ]}
            >
              <Upload accept={ACCEPTED_EXTENSIONS.join(',')} maxCount={1} beforeUpload={() => false}>
                <Button>Выбрать файл…</Button>
              </Upload>
            </Form.Item>
            <div style={{ display: 'flex', gap: 12 }}>
              <Form.Item
                label="Номер акта"
                name="actNumber"
                style={{ flex: 1 }}
                rules={[{ required: true, whitespace: true, message: 'Укажите номер акта, утвердившего состав' }]}
                extra="Постановление или распоряжение об утверждении состава."
              >
                <Input maxLength={100} placeholder="123-п" />
              </Form.Item>
              <Form.Item
                label="Дата акта"
                name="actDate"
                style={{ width: 200 }}
                rules={[{ required: true, message: 'Укажите дату акта' }]}
              >
                <DatePicker format="DD.MM.YYYY" style={{ width: '100%' }} placeholder="ДД.ММ.ГГГГ" />
              </Form.Item>
            </div>
            <Form.Item label="Примечание" name="note">
              <Input.TextArea maxLength={1000} autoSize={{ minRows: 2, maxRows: 4 }} />
            </Form.Item>
            {formError ? <ImportError error={formError} /> : null}
          </Form>
        </>
      )}
    </Modal>
  );
}
