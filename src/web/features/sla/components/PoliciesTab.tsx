import { Alert, App, Button, Card, Popconfirm, Skeleton, Space, Tag, Tooltip, Typography } from 'antd';
import { type ReactNode, useState } from 'react';
import { CASE_KIND_TITLES, CASE_STATUS_TITLES, CHANNEL_TITLES } from '../../../../shared/channels.js';
import type { ScheduleView, SlaPolicyInput } from '../../../../shared/contracts/sla.contract.js';
import { ESCALATION_TARGET_TITLES, TIMER_KIND_TITLES } from '../../../../shared/sla/sla-policy.js';
import { ErrorAlert } from '../../../components/ErrorAlert.js';
import {
  createNewPolicy,
  describePolicyError,
  groupPolicyErrors,
  isCatchAll,
  type PolicyErrors,
} from '../api/policy-form.js';
import { type PathError, readPathErrors } from '../api/server-field-errors.js';
import { formatDurationInRussian, formatEscalationDelay } from '../api/sla-format.js';
import { usePolicies, useSavePolicies, useSchedules } from '../hooks/use-sla.js';
import { PolicyDrawer } from './PolicyDrawer.js';

type Editing = { index: number; isNew: boolean; policy: SlaPolicyInput } | null;

function Lines({ children }: { children: ReactNode[] }) {
  return <div style={{ display: 'flex', flexDirection: 'column', gap: 2 }}>{children}</div>;
}

function Conditions({ policy }: { policy: SlaPolicyInput }) {
  if (isCatchAll(policy)) return <Tag>все остальные сообщения</Tag>;
  const { channels, kinds, categories, isFastTrack } = policy.match;
  return (
    <Space size={[4, 4]} wrap>
      {channels?.map((channel) => (
        <Tag key={channel} color="geekblue">
          {CHANNEL_TITLES[channel]}
        </Tag>
      ))}
      {kinds?.map((kind) => (
        <Tag key={kind} color="cyan">
          {CASE_KIND_TITLES[kind]}
        </Tag>
      ))}
      {categories?.map((category) => (
        <Tag key={category}>Категория: {category}</Tag>
      ))}
      {isFastTrack === true ? <Tag color="gold">ускоренное рассмотрение</Tag> : null}
      {isFastTrack === false ? <Tag>без ускоренного рассмотрения</Tag> : null}
    </Space>
  );
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <div style={{ minWidth: 0 }}>
      <div style={{ fontSize: 12, color: 'rgba(0, 0, 0, 0.45)', marginBottom: 2 }}>{title}</div>
      {children}
    </div>
  );
}

type PolicyCardProps = {
  policy: SlaPolicyInput;
  index: number;
  count: number;
  schedules: ScheduleView[];
  errors: PathError[];
  canManage: boolean;
  onMove: (offset: -1 | 1) => void;
  onEdit: () => void;
  onDelete: () => void;
};

function PolicyCard({ policy, index, count, schedules, errors, canManage, onMove, onEdit, onDelete }: PolicyCardProps) {
  const scheduleName = (id: string) => schedules.find((schedule) => schedule.id === id)?.name ?? 'нет такого графика';
  return (
    <Card
      size="small"
      data-testid={`policy-${index}`}
      style={errors.length > 0 ? { borderColor: '#ffa39e', background: '#fff2f0' } : undefined}
      title={
        <span style={{ whiteSpace: 'normal' }}>
          <Typography.Text type="secondary">{index + 1}.</Typography.Text>{' '}
          <span data-testid="policy-name">{policy.name}</span>
        </span>
      }
      extra={
        <Space size={2}>
          {canManage ? (
            <>
              <Button
                size="small"
                aria-label={`Выше: ${policy.name}`}
                disabled={index === 0}
                onClick={() => onMove(-1)}
              >
                ↑
              </Button>
              <Button
                size="small"
                aria-label={`Ниже: ${policy.name}`}
                disabled={index === count - 1}
                onClick={() => onMove(1)}
              >
                ↓
              </Button>
            </>
          ) : null}
          <Button size="small" type="link" onClick={onEdit}>
            {canManage ? 'Изменить' : 'Подробнее'}
          </Button>
          {canManage ? (
            <Popconfirm
              title="Удалить политику?"
              description="Удаление вступит в силу после «Сохранить»."
              okText="Удалить"
              okButtonProps={{ danger: true }}
              cancelText="Отмена"
              disabled={count <= 1}
              onConfirm={onDelete}
            >
              <Button size="small" type="link" danger disabled={count <= 1}>
                Удалить
              </Button>
            </Popconfirm>
          ) : null}
        </Space>
      }
    >
      <div
        style={{
          display: 'grid',
          gridTemplateColumns: 'minmax(0, 5fr) minmax(0, 6fr) minmax(0, 6fr) minmax(0, 5fr)',
          gap: 16,
        }}
      >
        <Section title="Условия">
          <Conditions policy={policy} />
        </Section>
        <Section title="Таймеры">
          <Lines>
            {policy.timers.map((timer) => (
              <div key={timer.kind}>
                {TIMER_KIND_TITLES[timer.kind]}: <strong>{formatDurationInRussian(timer.duration)}</strong>{' '}
                <Tooltip title={`График «${scheduleName(timer.scheduleId)}»`}>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    · {timer.scheduleId}
                  </Typography.Text>
                </Tooltip>
              </div>
            ))}
          </Lines>
        </Section>
        <Section title="Эскалация после нарушения срока">
          {policy.escalation.length === 0 ? (
            <Typography.Text type="secondary">нет</Typography.Text>
          ) : (
            <Lines>
              {policy.escalation.map((step, position) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: the steps of a chain are its order.
                <div key={position}>
                  {position + 1}. {formatEscalationDelay(step.after)} — {ESCALATION_TARGET_TITLES[step.target]}
                </div>
              ))}
            </Lines>
          )}
        </Section>
        <Section title="Предупреждение, пауза, продление">
          <Lines>
            <div>Предупредить при {policy.warningPercent} % времени</div>
            <div>
              {policy.pauseStatuses.length === 0
                ? 'Без паузы'
                : `Пауза: ${policy.pauseStatuses.map((status) => CASE_STATUS_TITLES[status]).join(', ')}`}
            </div>
            <div>
              {policy.extension
                ? `Продление: +${formatDurationInRussian(policy.extension)}, один раз`
                : 'Без продления'}
            </div>
          </Lines>
        </Section>
      </div>
      {errors.length > 0 ? (
        <div data-testid={`policy-errors-${index}`} style={{ marginTop: 8 }}>
          {errors.map((error) => (
            <div key={`${error.path.join('.')}-${error.message}`} style={{ color: '#cf1322' }}>
              {describePolicyError(error)}
            </div>
          ))}
        </div>
      ) : null}
    </Card>
  );
}

function move<T>(list: readonly T[], index: number, offset: -1 | 1): T[] {
  const next = [...list];
  const target = index + offset;
  const item = next[index];
  const other = next[target];
  if (item === undefined || other === undefined) return next;
  next[index] = other;
  next[target] = item;
  return next;
}

export function PoliciesTab({ canManage }: { canManage: boolean }) {
  const policiesQuery = usePolicies();
  const schedulesQuery = useSchedules();
  const saveMutation = useSavePolicies();
  const { message } = App.useApp();
  const [draft, setDraft] = useState<SlaPolicyInput[] | null>(null);
  const [errors, setErrors] = useState<PolicyErrors | null>(null);
  const [saveError, setSaveError] = useState<unknown>(null);
  const [editing, setEditing] = useState<Editing>(null);

  if (policiesQuery.isPending) return <Skeleton active paragraph={{ rows: 8 }} />;
  if (policiesQuery.isError) {
    return (
      <ErrorAlert
        title="Не удалось загрузить политики сроков"
        error={policiesQuery.error}
        onRetry={() => void policiesQuery.refetch()}
      />
    );
  }

  const saved = policiesQuery.data.policies;
  const policies = draft ?? saved;
  const isDirty = draft !== null && JSON.stringify(draft) !== JSON.stringify(saved);
  const last = policies.at(-1);
  const schedules = schedulesQuery.data ?? [];

  /** A change of order or of the list makes the last save's errors point at the wrong rows: they go. */
  const changeList = (next: SlaPolicyInput[]) => {
    setDraft(next);
    setErrors(null);
    setSaveError(null);
  };

  const save = () => {
    setSaveError(null);
    saveMutation.mutate(policies, {
      onSuccess: () => {
        setDraft(null);
        setErrors(null);
        void message.success('Политики сроков сохранены');
      },
      onError: (error) => {
        setErrors(groupPolicyErrors(readPathErrors(error)));
        setSaveError(error);
      },
    });
  };

  const apply = (policy: SlaPolicyInput) => {
    if (!editing) return;
    const next = [...policies];
    if (editing.isNew) next.splice(editing.index, 0, policy);
    else next[editing.index] = policy;
    setDraft(next);
    if (editing.isNew) setErrors(null);
    else if (errors) {
      const byPolicy = new Map(errors.byPolicy);
      byPolicy.delete(editing.index);
      setErrors({ byPolicy, general: errors.general });
    }
    setEditing(null);
  };

  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }}>
      {policiesQuery.data.isDefault && !isDirty ? (
        <Alert
          type="info"
          showIcon
          title="Действуют стандартные политики"
          description="Муниципалитет ещё не менял политики сроков: действуют те, что поставляются с продуктом (сроки каналов по регламентам и 59-ФЗ)."
        />
      ) : null}
      <Space wrap style={{ width: '100%', justifyContent: 'space-between' }}>
        <Typography.Text type="secondary">
          Политики проверяются сверху вниз: сообщению назначается первая подходящая. Последняя — без условий, для всех
          остальных.
        </Typography.Text>
        {canManage ? (
          <Space wrap>
            <Button
              onClick={() =>
                setEditing({ index: Math.max(0, policies.length - 1), isNew: true, policy: createNewPolicy() })
              }
            >
              Добавить политику
            </Button>
            <Button onClick={() => changeList(saved)} disabled={!isDirty}>
              Отменить изменения
            </Button>
            <Button type="primary" onClick={save} disabled={!isDirty} loading={saveMutation.isPending}>
              Сохранить
            </Button>
          </Space>
        ) : null}
      </Space>
      {isDirty ? (
        <Alert type="info" showIcon title="Есть несохранённые изменения: они вступят в силу после «Сохранить»." />
      ) : null}
      {last && !isCatchAll(last) ? (
        <Alert
          type="warning"
          showIcon
          title="Последней должна быть политика без условий — для всех остальных сообщений."
        />
      ) : null}
      {saveError ? <ErrorAlert title="Политики не сохранены" error={saveError} /> : null}
      {errors && errors.general.length > 0 ? (
        <Alert type="error" description={errors.general.map((text) => <div key={text}>{text}</div>)} />
      ) : null}
      <div style={{ display: 'flex', flexDirection: 'column', gap: 8 }} data-testid="policy-list">
        {policies.map((policy, index) => (
          <PolicyCard
            // biome-ignore lint/suspicious/noArrayIndexKey: policies have no ids; a card shows whatever is at its place.
            key={index}
            policy={policy}
            index={index}
            count={policies.length}
            schedules={schedules}
            errors={errors?.byPolicy.get(index) ?? []}
            canManage={canManage}
            onMove={(offset) => changeList(move(policies, index, offset))}
            onEdit={() => setEditing({ index, isNew: false, policy })}
            onDelete={() => changeList(policies.filter((_, position) => position !== index))}
          />
        ))}
      </div>
      {editing ? (
        <PolicyDrawer
          policy={editing.policy}
          isNew={editing.isNew}
          serverErrors={editing.isNew ? [] : (errors?.byPolicy.get(editing.index) ?? [])}
          schedules={schedules}
          isReadOnly={!canManage}
          onApply={apply}
          onClose={() => setEditing(null)}
        />
      ) : null}
    </Space>
  );
}
