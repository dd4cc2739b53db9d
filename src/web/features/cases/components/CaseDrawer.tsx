import { Alert, Descriptions, type DescriptionsProps, Drawer, Skeleton, Space, Tag, Typography } from 'antd';
import { CASE_KIND_TITLES, CHANNEL_TITLES } from '../../../../shared/channels.js';
import type { CaseDetail } from '../../../../shared/contracts/cases.contract.js';
import { ErrorAlert } from '../../../components/ErrorAlert.js';
import { formatDateTime } from '../../../lib/dates.js';
import { CaseAttachmentsSection } from '../../case-work/components/CaseAttachmentsSection.js';
import { CaseMapSection } from '../../case-work/components/CaseMapSection.js';
import { CaseTimeline } from '../../case-work/components/CaseTimeline.js';
import { CaseWorkSection } from '../../case-work/components/CaseWorkSection.js';
import { CaseTimersSection } from '../../sla/components/CaseTimersSection.js';
import { CaseSuggestionsPanel } from '../../triage/components/CaseSuggestionsPanel.js';
import { useCase } from '../hooks/use-cases.js';
import { CaseStatusTag } from './CaseStatusTag.js';

type CaseDrawerProps = {
  caseId: string | undefined;
  onClose: () => void;
};

const EMPTY = '—';

function formatCoordinates(latitude: number | null, longitude: number | null): string {
  if (latitude === null || longitude === null) {
    return EMPTY;
  }
  return `${latitude.toFixed(6)}, ${longitude.toFixed(6)}`;
}

function buildItems(item: CaseDetail): DescriptionsProps['items'] {
  return [
    {
      key: 'status',
      label: 'Статус',
      children: (
        <Space size={4} wrap>
          <CaseStatusTag status={item.status} />
          {item.isOverdue ? <Tag color="red">Срок нарушен</Tag> : null}
          {item.isFastTrack ? <Tag color="gold">Ускоренное рассмотрение</Tag> : null}
        </Space>
      ),
    },
    { key: 'channel', label: 'Канал', children: CHANNEL_TITLES[item.channel] },
    { key: 'kind', label: 'Вид', children: CASE_KIND_TITLES[item.kind] },
    { key: 'tenant', label: 'Муниципалитет', children: item.tenantName },
    { key: 'externalId', label: 'Номер в источнике', children: item.externalId },
    { key: 'receivedAt', label: 'Поступило', children: formatDateTime(item.receivedAt) },
    {
      key: 'dueAt',
      label: 'Срок ответа',
      children: item.isOverdue ? (
        <Typography.Text type="danger" strong>
          {formatDateTime(item.dueAt)}
        </Typography.Text>
      ) : (
        formatDateTime(item.dueAt)
      ),
    },
    ...(item.closedAt ? [{ key: 'closedAt', label: 'Завершено', children: formatDateTime(item.closedAt) }] : []),
    { key: 'category', label: 'Категория', children: item.category ?? EMPTY },
    { key: 'subcategory', label: 'Подкатегория', children: item.subcategory ?? EMPTY },
    { key: 'address', label: 'Адрес', children: item.address ?? EMPTY },
    { key: 'district', label: 'Район', children: item.district ?? EMPTY },
    { key: 'coordinates', label: 'Координаты', children: formatCoordinates(item.latitude, item.longitude) },
    { key: 'applicantName', label: 'Заявитель', children: item.applicantName ?? EMPTY },
    { key: 'applicantContact', label: 'Контакт заявителя', children: item.applicantContact ?? EMPTY },
  ];
}

function CaseDetails({ item }: { item: CaseDetail }) {
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <CaseWorkSection item={item} />
      <div>
        <Typography.Title level={5} style={{ marginTop: 0 }}>
          Текст
        </Typography.Title>
        <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: 0 }} data-testid="case-text">
          {item.text}
        </Typography.Paragraph>
      </div>
      <CaseSuggestionsPanel item={item} />
      <CaseAttachmentsSection item={item} />
      <CaseMapSection item={item} />
      <CaseTimersSection caseId={item.id} />
      <Descriptions size="small" column={1} bordered items={buildItems(item)} styles={{ label: { width: 180 } }} />
      {item.isApplicantMasked ? (
        <Alert
          type="info"
          showIcon
          title={
            <>
              <strong>Персональные данные скрыты.</strong> Имя и контакты заявителя видны только тем, кому они нужны для
              работы (152-ФЗ).
            </>
          }
        />
      ) : null}
      <CaseTimeline item={item} />
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        Создано в системе: {formatDateTime(item.createdAt)} · изменено: {formatDateTime(item.updatedAt)}
      </Typography.Text>
    </Space>
  );
}

export function CaseDrawer({ caseId, onClose }: CaseDrawerProps) {
  const caseQuery = useCase(caseId);
  const item = caseQuery.data;
  const title = item ? `${CASE_KIND_TITLES[item.kind]} № ${item.number}` : 'Карточка';

  return (
    <Drawer open={caseId !== undefined} onClose={onClose} size={640} title={title} destroyOnHidden>
      {caseQuery.isPending && caseId !== undefined ? <Skeleton active paragraph={{ rows: 10 }} /> : null}
      {caseQuery.isError ? <ErrorAlert error={caseQuery.error} onRetry={() => void caseQuery.refetch()} /> : null}
      {item ? <CaseDetails item={item} /> : null}
    </Drawer>
  );
}
