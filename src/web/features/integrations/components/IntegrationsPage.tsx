import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  Drawer,
  Form,
  Input,
  Modal,
  Popconfirm,
  Select,
  Space,
  Switch,
  Table,
  Tabs,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import type { IssuedApiKey } from '../../../../shared/contracts/api-keys.contract.js';
import {
  isListDatatype,
  type Open311Service,
  SERVICE_ATTRIBUTE_DATATYPE_TITLES,
  SERVICE_ATTRIBUTE_DATATYPES,
  type ServiceAttribute,
} from '../../../../shared/contracts/open311.contract.js';
import { describeError } from '../../../components/ErrorAlert.js';
import { useDocumentTitle } from '../../../components/use-document-title.js';
import { formatDateTime } from '../../../lib/dates.js';
import {
  fetchApiKeys,
  fetchServices,
  issueApiKey,
  revokeApiKey,
  saveService,
  saveServiceAttributes,
} from '../api/integrations.api.js';

function ApiKeysTab() {
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const [issued, setIssued] = useState<IssuedApiKey | null>(null);
  const [isIssuing, setIssuing] = useState(false);
  const keys = useQuery({ queryKey: ['api-keys'], queryFn: ({ signal }) => fetchApiKeys(signal) });
  const issue = useMutation({
    mutationFn: (values: { name: string }) => issueApiKey(values.name),
    onSuccess: (key) => {
      setIssuing(false);
      setIssued(key);
      void queryClient.invalidateQueries({ queryKey: ['api-keys'] });
    },
  });
  const revoke = useMutation({
    mutationFn: revokeApiKey,
    onSuccess: () => {
      void message.success('Ключ отозван');
      void queryClient.invalidateQueries({ queryKey: ['api-keys'] });
    },
    onError: (error) => void message.error(describeError(error)),
  });
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Typography.Paragraph type="secondary">
        Ключ даёт право подавать заявки Open311 (<code>/open311/v2/requests.json</code>) и вызывать вебхук Инцидент
        менеджмента от имени муниципалитета. Сам ключ показывается один раз — при выдаче.
      </Typography.Paragraph>
      <Button type="primary" onClick={() => setIssuing(true)}>
        Выдать ключ
      </Button>
      {keys.isError ? <Alert type="error" showIcon message={describeError(keys.error)} /> : null}
      <Table
        rowKey="id"
        loading={keys.isLoading}
        dataSource={keys.data ?? []}
        pagination={false}
        columns={[
          { title: 'Для кого', dataIndex: 'name' },
          { title: 'Начало ключа', dataIndex: 'keyPrefix', render: (value: string) => <code>{value}…</code> },
          {
            title: 'Выдан',
            dataIndex: 'createdAt',
            render: (value: string, key) =>
              `${formatDateTime(value)}${key.createdByName ? `, ${key.createdByName}` : ''}`,
          },
          {
            title: 'Последнее использование',
            dataIndex: 'lastUsedAt',
            render: (value: string | null) => (value ? formatDateTime(value) : '—'),
          },
          {
            title: 'Состояние',
            dataIndex: 'revokedAt',
            render: (value: string | null) =>
              value ? <Tag>Отозван {formatDateTime(value)}</Tag> : <Tag color="green">Действует</Tag>,
          },
          {
            title: '',
            key: 'actions',
            render: (_, key) =>
              key.revokedAt ? null : (
                <Popconfirm
                  title="Отозвать ключ? Клиенты с ним перестанут работать."
                  okText="Отозвать"
                  cancelText="Отмена"
                  onConfirm={() => revoke.mutate(key.id)}
                >
                  <Button danger size="small">
                    Отозвать
                  </Button>
                </Popconfirm>
              ),
          },
        ]}
      />
      <Modal title="Новый ключ API" open={isIssuing} onCancel={() => setIssuing(false)} footer={null} destroyOnHidden>
        <Form layout="vertical" onFinish={(values: { name: string }) => issue.mutate(values)}>
          <Form.Item
            name="name"
            label="Для кого (клиент, система)"
            rules={[{ required: true, message: 'Укажите, для кого ключ' }]}
          >
            <Input maxLength={200} />
          </Form.Item>
          {issue.isError ? (
            <Alert type="error" showIcon message={describeError(issue.error)} style={{ marginBottom: 12 }} />
          ) : null}
          <Button type="primary" htmlType="submit" loading={issue.isPending}>
            Выдать
          </Button>
        </Form>
      </Modal>
      <Modal
        title="Ключ выдан"
        open={issued !== null}
        onOk={() => setIssued(null)}
        onCancel={() => setIssued(null)}
        cancelButtonProps={{ style: { display: 'none' } }}
        okText="Я сохранил ключ"
      >
        <Typography.Paragraph>Скопируйте ключ сейчас: он больше не будет показан.</Typography.Paragraph>
        <Typography.Paragraph copyable code data-testid="issued-key">
          {issued?.key}
        </Typography.Paragraph>
      </Modal>
    </Space>
  );
}

type AttributeFormValues = { attributes: Array<ServiceAttribute & { valuesText?: string }> };

function AttributesDrawer({ service, onClose }: { service: Open311Service | null; onClose: () => void }) {
  const queryClient = useQueryClient();
  const save = useMutation({
    mutationFn: (values: AttributeFormValues) =>
      saveServiceAttributes(
        service?.code ?? '',
        (values.attributes ?? []).map(({ valuesText, ...attribute }, index) => ({
          ...attribute,
          isRequired: Boolean(attribute.isRequired),
          order: index + 1,
          values: (isListDatatype(attribute.datatype) ? (valuesText ?? '') : '')
            .split('\n')
            .map((line) => line.trim())
            .filter(Boolean)
            .map((line) => {
              const [key = '', ...name] = line.split('=');
              return { key: key.trim(), name: (name.join('=') || key).trim() };
            }),
        })),
      ),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ['open311-services'] });
      onClose();
    },
  });
  return (
    <Drawer
      title={service ? `Атрибуты услуги «${service.name}»` : ''}
      open={service !== null}
      onClose={onClose}
      width={720}
      destroyOnHidden
    >
      {service ? (
        <Form<AttributeFormValues>
          layout="vertical"
          initialValues={{
            attributes: service.attributes.map((attribute) => ({
              ...attribute,
              datatypeDescription: attribute.datatypeDescription ?? undefined,
              valuesText: attribute.values.map((value) => `${value.key}=${value.name}`).join('\n'),
            })),
          }}
          onFinish={(values) => save.mutate(values)}
        >
          <Form.List name="attributes">
            {(fields, { add, remove }) => (
              <Space direction="vertical" style={{ width: '100%' }}>
                {fields.map((field) => (
                  <Card
                    key={field.key}
                    size="small"
                    extra={
                      <Button size="small" onClick={() => remove(field.name)}>
                        Удалить
                      </Button>
                    }
                  >
                    <Space wrap>
                      <Form.Item name={[field.name, 'code']} label="Код" rules={[{ required: true, message: 'Код' }]}>
                        <Input style={{ width: 140 }} />
                      </Form.Item>
                      <Form.Item
                        name={[field.name, 'datatype']}
                        label="Тип"
                        rules={[{ required: true, message: 'Тип' }]}
                      >
                        <Select
                          style={{ width: 200 }}
                          options={SERVICE_ATTRIBUTE_DATATYPES.map((value) => ({
                            value,
                            label: SERVICE_ATTRIBUTE_DATATYPE_TITLES[value],
                          }))}
                        />
                      </Form.Item>
                      <Form.Item name={[field.name, 'isRequired']} valuePropName="checked" label=" ">
                        <Checkbox>Обязательный</Checkbox>
                      </Form.Item>
                    </Space>
                    <Form.Item
                      name={[field.name, 'description']}
                      label="Вопрос заявителю"
                      rules={[{ required: true, message: 'Вопрос' }]}
                    >
                      <Input />
                    </Form.Item>
                    {/* Values belong to the list types only: the field appears when one is chosen. */}
                    <Form.Item noStyle dependencies={[['attributes', field.name, 'datatype']]}>
                      {({ getFieldValue }) =>
                        isListDatatype(getFieldValue(['attributes', field.name, 'datatype'])) ? (
                          <Form.Item
                            name={[field.name, 'valuesText']}
                            label="Значения списка (по строке: код=название)"
                            rules={[{ required: true, whitespace: true, message: 'Перечислите значения списка' }]}
                          >
                            <Input.TextArea rows={3} placeholder={'yard=Двор\nroad=Проезжая часть'} />
                          </Form.Item>
                        ) : null
                      }
                    </Form.Item>
                  </Card>
                ))}
                <Button onClick={() => add({ datatype: 'string', isRequired: false })}>Добавить атрибут</Button>
              </Space>
            )}
          </Form.List>
          {save.isError ? (
            <Alert type="error" showIcon message={describeError(save.error)} style={{ marginTop: 12 }} />
          ) : null}
          <Button type="primary" htmlType="submit" loading={save.isPending} style={{ marginTop: 16 }}>
            Сохранить
          </Button>
        </Form>
      ) : null}
    </Drawer>
  );
}

function ServicesTab() {
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const [editing, setEditing] = useState<Open311Service | null>(null);
  const [isAdding, setAdding] = useState(false);
  const services = useQuery({ queryKey: ['open311-services'], queryFn: ({ signal }) => fetchServices(signal) });
  const save = useMutation({
    mutationFn: ({ code, body }: { code: string | undefined; body: Parameters<typeof saveService>[1] }) =>
      saveService(code, body),
    onSuccess: () => {
      setAdding(false);
      void queryClient.invalidateQueries({ queryKey: ['open311-services'] });
    },
    onError: (error) => void message.error(describeError(error)),
  });
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Typography.Paragraph type="secondary">
        Услуги Open311 — это категории собственного рубрикатора муниципалитета; их же предлагает форма для жителей.
      </Typography.Paragraph>
      <Button onClick={() => setAdding(true)}>Добавить услугу</Button>
      <Table
        rowKey="code"
        loading={services.isLoading}
        dataSource={services.data ?? []}
        pagination={false}
        columns={[
          { title: 'Код', dataIndex: 'code', width: 100 },
          { title: 'Название', dataIndex: 'name' },
          {
            title: 'Атрибуты',
            key: 'attributes',
            render: (_, service) => service.attributes.map((attribute) => attribute.code).join(', ') || '—',
          },
          {
            title: 'Действует',
            key: 'active',
            render: (_, service) => (
              <Switch
                checked={service.isActive}
                onChange={(isActive) =>
                  save.mutate({
                    code: service.code,
                    body: { code: service.code, name: service.name, description: service.description, isActive },
                  })
                }
              />
            ),
          },
          {
            title: '',
            key: 'edit',
            render: (_, service) => (
              <Button size="small" onClick={() => setEditing(service)}>
                Атрибуты
              </Button>
            ),
          },
        ]}
      />
      <AttributesDrawer service={editing} onClose={() => setEditing(null)} />
      <Modal title="Новая услуга" open={isAdding} onCancel={() => setAdding(false)} footer={null} destroyOnHidden>
        <Form
          layout="vertical"
          onFinish={(values: { code: string; name: string }) => save.mutate({ code: undefined, body: values })}
        >
          <Form.Item name="code" label="Код (латиница, цифры)" rules={[{ required: true, message: 'Код' }]}>
            <Input maxLength={100} />
          </Form.Item>
          <Form.Item name="name" label="Название" rules={[{ required: true, message: 'Название' }]}>
            <Input maxLength={200} />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={save.isPending}>
            Добавить
          </Button>
        </Form>
      </Modal>
    </Space>
  );
}

/** Open311 and API keys: the keys of the municipality and its services with their attributes. */
export function IntegrationsPage() {
  useDocumentTitle('Open311 и ключи API');
  return (
    <Card title="Open311 и ключи API">
      <Tabs
        items={[
          { key: 'keys', label: 'Ключи API', children: <ApiKeysTab /> },
          { key: 'services', label: 'Услуги Open311', children: <ServicesTab /> },
        ]}
      />
    </Card>
  );
}
