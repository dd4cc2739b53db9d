import { Alert, App, Button, Card, Col, Descriptions, Form, Input, Row, Space, Switch, Table, Typography } from 'antd';
import { useEffect } from 'react';
import type { PosSyncSettingsInput, PosSyncStatus } from '../../../../shared/contracts/pos-sync.contract.js';
import { ErrorAlert } from '../../../components/ErrorAlert.js';
import { useDocumentTitle } from '../../../components/use-document-title.js';
import { formatDateTime } from '../../../lib/dates.js';
import { applyServerFieldErrors } from '../../organization/api/form-errors.js';
import { usePosSync, useRunPosSync, useSavePosSync } from '../hooks/use-appeals.js';

const FIELDS = ['baseUrl', 'login', 'password', 'scope', 'isEnabled'] as const;
const SUMMARY_TITLES: Record<string, string> = {
  created: 'Создано',
  updated: 'Обновлено',
  unchanged: 'Без изменений',
  moved: 'Сдвинуто по процессу',
  delivered: 'Отправлено в ПОС',
  deliveryRetried: 'Отправка отложена',
  deliveryFailed: 'Не отправлено',
  subjects: 'Категорий',
  subsubjects: 'Подкатегорий',
};

function SyncStatus({ status }: { status: PosSyncStatus }) {
  const rejected = Array.isArray(status.lastSummary.rejected)
    ? (status.lastSummary.rejected as Array<{ id: string; reason: string }>)
    : [];
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      {status.lastError ? (
        <Alert type="error" showIcon message="Последний запуск с ошибкой" description={status.lastError} />
      ) : null}
      <Descriptions size="small" column={2} bordered>
        <Descriptions.Item label="Последний запуск">{formatDateTime(status.lastRunAt)}</Descriptions.Item>
        <Descriptions.Item label="Последний успешный">{formatDateTime(status.lastSuccessAt)}</Descriptions.Item>
        <Descriptions.Item label="В очереди отправки">{status.outbox.pending}</Descriptions.Item>
        <Descriptions.Item label="Отправлено / не отправлено">
          {status.outbox.sent} / {status.outbox.failed}
        </Descriptions.Item>
        {Object.entries(SUMMARY_TITLES).map(([key, title]) =>
          typeof status.lastSummary[key] === 'number' ? (
            <Descriptions.Item key={key} label={title}>
              {String(status.lastSummary[key])}
            </Descriptions.Item>
          ) : null,
        )}
      </Descriptions>
      {rejected.length > 0 ? (
        <Alert
          type="warning"
          message={`Не принято из ПОС: ${rejected.length}`}
          description={rejected.map((item) => `${item.id}: ${item.reason}`).join('; ')}
        />
      ) : null}
      {status.recentFailures.length > 0 ? (
        <Table
          size="small"
          rowKey="id"
          pagination={false}
          dataSource={status.recentFailures}
          columns={[
            { title: 'Шаг', dataIndex: 'operation' },
            { title: 'Попыток', dataIndex: 'attempts', width: 90 },
            { title: 'Ошибка', dataIndex: 'lastError' },
          ]}
        />
      ) : null}
    </Space>
  );
}

/** «Интеграция с ПОС»: address, login, password and scope; the state of the sync; «синхронизировать сейчас». */
export function PosSyncPage() {
  useDocumentTitle('Интеграция с ПОС');
  const status = usePosSync();
  const save = useSavePosSync();
  const run = useRunPosSync();
  const [form] = Form.useForm<PosSyncSettingsInput>();
  const { message } = App.useApp();
  useEffect(() => {
    if (status.data?.isConfigured) {
      form.setFieldsValue({
        baseUrl: status.data.baseUrl ?? '',
        login: status.data.login ?? '',
        scope: status.data.scope ?? '',
        isEnabled: status.data.isEnabled,
      });
    }
  }, [status.data, form]);

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        Интеграция с ПОС «Госуслуги. Решаем вместе»
      </Typography.Title>
      {status.error ? <ErrorAlert error={status.error} /> : null}
      <Row gutter={16}>
        <Col xs={24} lg={10}>
          <Card title="Подключение" size="small">
            <Form
              form={form}
              layout="vertical"
              initialValues={{ isEnabled: true }}
              onFinish={(values) =>
                save.mutate(values, {
                  onSuccess: () => void message.success('Настройки сохранены'),
                  onError: (error) => applyServerFieldErrors(form, error, FIELDS),
                })
              }
            >
              <Form.Item name="baseUrl" label="Адрес API" rules={[{ required: true, message: 'Укажите адрес' }]}>
                <Input placeholder="https://pos.example.ru/api/v2" />
              </Form.Item>
              <Form.Item name="login" label="Логин" rules={[{ required: true, message: 'Укажите логин' }]}>
                <Input autoComplete="off" />
              </Form.Item>
              <Form.Item
                name="password"
                label="Пароль"
                extra={status.data?.hasPassword ? 'Сохранён; оставьте пустым, чтобы не менять' : undefined}
              >
                <Input.Password autoComplete="new-password" />
              </Form.Item>
              <Form.Item
                name="scope"
                label="Область доступа (scope)"
                rules={[{ required: true, message: 'Укажите scope' }]}
              >
                <Input />
              </Form.Item>
              <Form.Item name="isEnabled" label="Синхронизировать по расписанию" valuePropName="checked">
                <Switch />
              </Form.Item>
              <Button type="primary" htmlType="submit" loading={save.isPending}>
                Сохранить
              </Button>
            </Form>
          </Card>
        </Col>
        <Col xs={24} lg={14}>
          <Card
            title="Синхронизация"
            size="small"
            extra={
              <Button onClick={() => run.mutate()} loading={run.isPending} disabled={!status.data?.isConfigured}>
                Синхронизировать сейчас
              </Button>
            }
          >
            {run.error ? <ErrorAlert error={run.error} /> : null}
            {status.data?.isConfigured ? (
              <SyncStatus status={status.data} />
            ) : (
              <Typography.Text type="secondary">Интеграция не настроена.</Typography.Text>
            )}
          </Card>
        </Col>
      </Row>
    </Space>
  );
}
