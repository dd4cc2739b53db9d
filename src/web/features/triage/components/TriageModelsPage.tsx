import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, InputNumber, Space, Switch, Table, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import {
  type HeldOutMetricsView,
  TRIAGE_MODEL_STATUS_TITLES,
  TRIAGE_TARGET_TITLES,
  TRIAGE_TARGETS,
  type TriageModelView,
} from '../../../../shared/contracts/triage.contract.js';
import { describeError, ErrorAlert } from '../../../components/ErrorAlert.js';
import { useDocumentTitle } from '../../../components/use-document-title.js';
import { formatDateTime } from '../../../lib/dates.js';
import * as api from '../api/triage.api.js';

const STATUS_COLORS: Record<TriageModelView['status'], string> = {
  active: 'green',
  rejected: 'red',
  superseded: 'default',
};

function formatShare(value: number): string {
  return value.toFixed(3).replace('.', ',');
}

function MetricsList({ metrics }: { metrics: HeldOutMetricsView }) {
  return (
    <Space orientation="vertical" size={0}>
      {TRIAGE_TARGETS.map((target) => {
        const label = metrics[target];
        return label ? (
          <Typography.Text key={target} style={{ fontSize: 12 }}>
            {TRIAGE_TARGET_TITLES[target]}: точность {formatShare(label.accuracy)}, macro-F1{' '}
            {formatShare(label.macroF1)}{' '}
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              (n = {label.n})
            </Typography.Text>
          </Typography.Text>
        ) : null;
      })}
    </Space>
  );
}

/** The tenant's auto-apply threshold: off (suggestions only) or a confidence from 50 to 100 %. */
function ThresholdCard() {
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const settings = useQuery({
    queryKey: ['triage', 'settings'],
    queryFn: ({ signal }) => api.fetchTriageSettings(signal),
  });
  const [isOn, setIsOn] = useState(false);
  const [percent, setPercent] = useState<number | null>(90);
  useEffect(() => {
    if (!settings.data) return;
    setIsOn(settings.data.autoApplyThreshold !== null);
    if (settings.data.autoApplyThreshold !== null) setPercent(Math.round(settings.data.autoApplyThreshold * 1000) / 10);
  }, [settings.data]);
  const save = useMutation({
    mutationFn: () => api.saveTriageSettings({ autoApplyThreshold: isOn ? (percent ?? 0) / 100 : null }),
    onSuccess: () => {
      void message.success('Порог автоприменения сохранён.');
      void queryClient.invalidateQueries({ queryKey: ['triage', 'settings'] });
    },
    onError: (error) => void message.error(describeError(error)),
  });
  return (
    <Card size="small" title="Автоприменение при регистрации" data-testid="triage-threshold">
      <Space orientation="vertical" size={8}>
        <Typography.Text type="secondary">
          Сообщению без рубрики (автоправила не сработали) классификатор ставит рубрику — и получателя, если его никто
          не назначил, — когда уверенность не ниже порога. Ниже порога остаётся подсказка в карточке.
        </Typography.Text>
        <Space wrap>
          <Switch checked={isOn} onChange={setIsOn} checkedChildren="вкл" unCheckedChildren="выкл" />
          <InputNumber
            min={0}
            max={100}
            step={1}
            value={percent}
            onChange={(value) => setPercent(value)}
            disabled={!isOn}
            addonAfter="%"
            aria-label="Порог уверенности"
          />
          <Button type="primary" onClick={() => save.mutate()} loading={save.isPending}>
            Сохранить
          </Button>
        </Space>
      </Space>
    </Card>
  );
}

export function TriageModelsPage() {
  useDocumentTitle('Модели классификатора');
  const { message, modal } = App.useApp();
  const queryClient = useQueryClient();
  const models = useQuery({ queryKey: ['triage', 'models'], queryFn: ({ signal }) => api.fetchTriageModels(signal) });
  const train = useMutation({
    mutationFn: api.trainTriageModel,
    onSuccess: (model) => {
      void queryClient.invalidateQueries({ queryKey: ['triage', 'models'] });
      const text = `Версия ${model.version}: ${model.decision}`;
      if (model.status === 'active') void message.success(text, 8);
      else modal.warning({ title: 'Новая модель не лучше активной', content: text });
    },
    onError: (error) => void message.error(describeError(error)),
  });

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Space style={{ justifyContent: 'space-between', width: '100%' }} wrap>
        <Typography.Title level={3} style={{ margin: 0 }}>
          Модели классификатора
        </Typography.Title>
        <Button type="primary" onClick={() => train.mutate()} loading={train.isPending} data-testid="triage-train">
          Переобучить
        </Button>
      </Space>
      <Alert
        type="info"
        showIcon
        title="Модель учится на отвеченных и завершённых сообщениях муниципалитета: текст, район, канал и адрес → рубрика, подрубрика и получатель. Последние 15 % сообщений по дате в обучение не входят — на них новая версия сравнивается с активной и заменяет её, только если она лучше. Переобучение идёт и каждую ночь само."
      />
      {train.isPending ? (
        <Alert type="warning" showIcon title="Идёт обучение — на большой истории это займёт до пары минут." />
      ) : null}
      <ThresholdCard />
      {models.isError ? <ErrorAlert error={models.error} onRetry={() => void models.refetch()} /> : null}
      <Table<TriageModelView>
        rowKey="id"
        size="small"
        loading={models.isPending}
        dataSource={models.data ?? []}
        pagination={false}
        locale={{ emptyText: 'Моделей ещё нет — нажмите «Переобучить».' }}
        columns={[
          {
            title: 'Версия',
            dataIndex: 'version',
            render: (_value, model) => (
              <Space orientation="vertical" size={2}>
                <Typography.Text strong>{model.version}</Typography.Text>
                <Tag color={STATUS_COLORS[model.status]}>{TRIAGE_MODEL_STATUS_TITLES[model.status]}</Tag>
              </Space>
            ),
          },
          {
            title: 'Обучена',
            render: (_value, model) => (
              <Space orientation="vertical" size={0}>
                <span>{formatDateTime(model.createdAt)}</span>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {model.trigger === 'schedule' ? 'по расписанию' : `вручную: ${model.triggeredByName ?? '—'}`} ·{' '}
                  {model.trainSeconds.toLocaleString('ru-RU')} с
                </Typography.Text>
              </Space>
            ),
          },
          {
            title: 'Сообщений',
            render: (_value, model) => (
              <Space orientation="vertical" size={0}>
                <span>обучение: {model.trainedOn.toLocaleString('ru-RU')}</span>
                <span>проверка: {model.heldOut.toLocaleString('ru-RU')}</span>
                {model.heldOutFrom ? (
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    проверочные с {formatDateTime(model.heldOutFrom)}
                  </Typography.Text>
                ) : null}
              </Space>
            ),
          },
          {
            title: 'На отложенных сообщениях',
            render: (_value, model) => <MetricsList metrics={model.metrics} />,
          },
          {
            title: 'Оценка',
            render: (_value, model) => (
              <Space orientation="vertical" size={0}>
                <Typography.Text strong>{formatShare(model.score)}</Typography.Text>
                {model.comparedWith ? (
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    версия {model.comparedWith.version}: {formatShare(model.comparedWith.score)}
                  </Typography.Text>
                ) : null}
              </Space>
            ),
          },
          { title: 'Решение', dataIndex: 'decision' },
        ]}
      />
    </Space>
  );
}
