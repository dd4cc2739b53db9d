import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  Collapse,
  Form,
  Input,
  Skeleton,
  Space,
  Switch,
  Table,
  type TableColumnsType,
  Tag,
  TimePicker,
  Tooltip,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import {
  DELIVERY_STATUS_TITLES,
  type Delivery,
  type DeliveryStatus,
  NOTIFICATION_CHANNEL_TITLES,
  NOTIFICATION_KIND_TITLES,
  NOTIFICATION_KINDS,
  type NotificationKind,
  type NotificationPreferences,
  TELEGRAM_CHAT_ID_PATTERN,
  type UpdateNotificationPreferencesInput,
} from '../../../../shared/contracts/notifications.contract.js';
import { ErrorAlert } from '../../../components/ErrorAlert.js';
import { formatDateTime } from '../../../lib/dates.js';
import { isApiError } from '../../../platform/http-client.js';
import {
  useDeliveries,
  useNotificationPreferences,
  useSaveNotificationPreferences,
} from '../hooks/use-notifications.js';

type PreferencesFormValues = {
  isEmailEnabled: boolean;
  isTelegramEnabled: boolean;
  telegramChatId: string;
  quietFrom: Dayjs | null;
  quietTo: Dayjs | null;
  mutedKinds: NotificationKind[];
};

const FORM_FIELDS: ReadonlySet<string> = new Set<keyof PreferencesFormValues>([
  'isEmailEnabled',
  'isTelegramEnabled',
  'telegramChatId',
  'quietFrom',
  'quietTo',
  'mutedKinds',
]);

const TIME_FORMAT = 'HH:mm';

function toTime(value: string | null): Dayjs | null {
  if (!value) return null;
  const [hours, minutes] = value.split(':').map(Number);
  return dayjs()
    .hour(hours ?? 0)
    .minute(minutes ?? 0)
    .second(0)
    .millisecond(0);
}

function toFormValues(preferences: NotificationPreferences): PreferencesFormValues {
  return {
    isEmailEnabled: preferences.isEmailEnabled,
    isTelegramEnabled: preferences.isTelegramEnabled,
    telegramChatId: preferences.telegramChatId ?? '',
    quietFrom: toTime(preferences.quietFrom),
    quietTo: toTime(preferences.quietTo),
    mutedKinds: preferences.mutedKinds.filter((kind): kind is NotificationKind =>
      (NOTIFICATION_KINDS as readonly string[]).includes(kind),
    ),
  };
}

function toInput(values: PreferencesFormValues): UpdateNotificationPreferencesInput {
  const chatId = values.telegramChatId.trim();
  return {
    isEmailEnabled: values.isEmailEnabled,
    isTelegramEnabled: values.isTelegramEnabled,
    telegramChatId: chatId === '' ? null : chatId,
    quietFrom: values.quietFrom ? values.quietFrom.format(TIME_FORMAT) : null,
    quietTo: values.quietTo ? values.quietTo.format(TIME_FORMAT) : null,
    mutedKinds: values.mutedKinds,
  };
}

/** The profile's card: channels, Telegram chat, quiet hours, muted kinds, and the person's delivery log. */
export function NotificationPreferencesCard() {
  const preferences = useNotificationPreferences();
  return (
    <Card size="small" title="Уведомления">
      {preferences.isPending ? (
        <Skeleton active />
      ) : preferences.isError ? (
        <ErrorAlert error={preferences.error} onRetry={() => void preferences.refetch()} />
      ) : (
        <PreferencesForm preferences={preferences.data} />
      )}
      <Collapse
        ghost
        size="small"
        style={{ marginTop: 8 }}
        items={[{ key: 'log', label: 'Журнал доставки: письма и сообщения Telegram', children: <DeliveryLog /> }]}
      />
    </Card>
  );
}

function PreferencesForm({ preferences }: { preferences: NotificationPreferences }) {
  const [form] = Form.useForm<PreferencesFormValues>();
  const save = useSaveNotificationPreferences();
  const [formError, setFormError] = useState<unknown>(null);
  const { message } = App.useApp();
  const isTelegramEnabled = Form.useWatch('isTelegramEnabled', form);

  useEffect(() => {
    form.setFieldsValue(toFormValues(preferences));
  }, [form, preferences]);

  const submit = (values: PreferencesFormValues) => {
    setFormError(null);
    save.mutate(toInput(values), {
      onSuccess: () => void message.success('Настройки уведомлений сохранены.'),
      onError: (error) => {
        if (!isApiError(error)) {
          setFormError(error);
          return;
        }
        const known = error.fields
          .map((field) => ({ ...field, name: field.field.split('.')[0] ?? field.field }))
          .filter((field) => FORM_FIELDS.has(field.name));
        form.setFields(
          known.map((field) => ({ name: field.name as keyof PreferencesFormValues, errors: [field.message] })),
        );
        if (known.length === 0) setFormError(error);
      },
    });
  };

  return (
    <Form<PreferencesFormValues>
      form={form}
      layout="vertical"
      requiredMark={false}
      initialValues={toFormValues(preferences)}
      onFinish={submit}
    >
      <Typography.Paragraph type="secondary" style={{ marginTop: 0 }}>
        Колокольчик в шапке показывает все уведомления. Здесь — куда ещё их присылать.
      </Typography.Paragraph>
      <Form.Item
        label="По электронной почте"
        name="isEmailEnabled"
        valuePropName="checked"
        extra={
          !preferences.isEmailConfigured
            ? 'Отправка писем на сервере не настроена — обратитесь к администратору.'
            : preferences.email
              ? `Письма придут на ${preferences.email}.`
              : 'В вашей карточке сотрудника нет адреса e-mail — письма приходить не будут. Обратитесь к администратору.'
        }
      >
        <Switch />
      </Form.Item>
      <Form.Item
        label="В Telegram"
        name="isTelegramEnabled"
        valuePropName="checked"
        extra={
          preferences.isTelegramConfigured
            ? undefined
            : 'Бот Telegram на сервере не настроен — обратитесь к администратору.'
        }
      >
        <Switch />
      </Form.Item>
      <Form.Item
        label="Идентификатор чата Telegram"
        name="telegramChatId"
        extra="Напишите боту МЦУ команду /start, затем узнайте свой идентификатор, например у бота @userinfobot (число вида 123456789)."
        rules={[
          {
            validator: async (_rule, value: string | undefined) => {
              const chatId = (value ?? '').trim();
              if (chatId === '' && form.getFieldValue('isTelegramEnabled')) {
                throw new Error('Укажите идентификатор чата, чтобы получать уведомления в Telegram');
              }
              if (chatId !== '' && !TELEGRAM_CHAT_ID_PATTERN.test(chatId)) {
                throw new Error('Числовой идентификатор чата (например 123456789) или @имя_канала');
              }
            },
          },
        ]}
        dependencies={['isTelegramEnabled']}
      >
        <Input placeholder="123456789" disabled={!isTelegramEnabled} style={{ maxWidth: 260 }} autoComplete="off" />
      </Form.Item>
      <Space wrap align="start" size={16}>
        <Form.Item
          label="Тихие часы: с"
          name="quietFrom"
          dependencies={['quietTo']}
          rules={[quietPairRule('quietTo')]}
          style={{ marginBottom: 4 }}
        >
          <TimePicker format={TIME_FORMAT} placeholder="22:00" needConfirm={false} allowClear />
        </Form.Item>
        <Form.Item
          label="до"
          name="quietTo"
          dependencies={['quietFrom']}
          rules={[quietPairRule('quietFrom')]}
          style={{ marginBottom: 4 }}
        >
          <TimePicker format={TIME_FORMAT} placeholder="07:00" needConfirm={false} allowClear />
        </Form.Item>
      </Space>
      <Typography.Paragraph type="secondary" style={{ marginBottom: 16 }}>
        В тихие часы письма и сообщения Telegram не приходят, кроме срочных: они уйдут, когда тихие часы закончатся.
        Время — по часовому поясу муниципалитета ({preferences.timezone}). Чтобы отключить тихие часы, очистите оба
        поля.
      </Typography.Paragraph>
      <Form.Item
        label="Не присылать по почте и в Telegram"
        name="mutedKinds"
        extra="Такие уведомления останутся только в колокольчике."
      >
        <Checkbox.Group
          options={NOTIFICATION_KINDS.map((kind) => ({ value: kind, label: NOTIFICATION_KIND_TITLES[kind] }))}
        />
      </Form.Item>
      {formError ? (
        <div style={{ marginBottom: 16 }}>
          <ErrorAlert error={formError} />
        </div>
      ) : null}
      <Button type="primary" htmlType="submit" loading={save.isPending}>
        Сохранить
      </Button>
    </Form>
  );
}

/** Both ends of the quiet hours or neither, and not the same time. */
function quietPairRule(other: 'quietFrom' | 'quietTo') {
  return ({ getFieldValue }: { getFieldValue: (name: string) => unknown }) => ({
    validator: async (_rule: unknown, value: Dayjs | null | undefined) => {
      const pair = getFieldValue(other) as Dayjs | null | undefined;
      if (Boolean(value) !== Boolean(pair)) {
        throw new Error('Укажите и начало, и конец тихих часов (или очистите оба).');
      }
      if (value && pair && value.format(TIME_FORMAT) === pair.format(TIME_FORMAT)) {
        throw new Error('Начало и конец тихих часов должны различаться.');
      }
    },
  });
}

const STATUS_COLORS: Record<DeliveryStatus, string> = {
  pending: 'processing',
  sent: 'success',
  failed: 'error',
  skipped: 'default',
};

const DELIVERY_LOG_SIZE = 10;

function DeliveryLog() {
  const deliveries = useDeliveries();
  if (deliveries.isPending) return <Skeleton active paragraph={{ rows: 2 }} />;
  if (deliveries.isError) return <ErrorAlert error={deliveries.error} onRetry={() => void deliveries.refetch()} />;
  if (deliveries.data.length === 0) {
    return <Alert type="info" showIcon title="Писем и сообщений Telegram вам ещё не отправлялось." />;
  }
  const columns: TableColumnsType<Delivery> = [
    { title: 'Создано', dataIndex: 'createdAt', width: 130, render: (value: string) => formatDateTime(value) },
    {
      title: 'Канал',
      dataIndex: 'channel',
      render: (value: Delivery['channel'], row) => (
        <Tooltip title={row.address}>{NOTIFICATION_CHANNEL_TITLES[value]}</Tooltip>
      ),
    },
    {
      title: 'Состояние',
      dataIndex: 'status',
      render: (value: DeliveryStatus, row) => {
        const detail =
          value === 'sent'
            ? `Отправлено ${formatDateTime(row.sentAt)}`
            : value === 'pending'
              ? `Следующая попытка не раньше ${formatDateTime(row.notBefore)}`
              : undefined;
        return (
          <Tooltip title={[detail, row.lastError].filter(Boolean).join('. ') || undefined}>
            <Tag color={STATUS_COLORS[value]} style={{ marginInlineEnd: 0 }}>
              {DELIVERY_STATUS_TITLES[value]}
            </Tag>
          </Tooltip>
        );
      },
    },
    { title: 'Попыток', dataIndex: 'attempts', width: 80, align: 'right' },
  ];
  return (
    <Table<Delivery>
      size="small"
      rowKey="id"
      columns={columns}
      dataSource={deliveries.data.slice(0, DELIVERY_LOG_SIZE)}
      pagination={false}
    />
  );
}
