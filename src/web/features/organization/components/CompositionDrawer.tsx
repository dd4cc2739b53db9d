import { Descriptions, Drawer, Skeleton, Space, Table, type TableColumnsType, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import type { CompositionMember } from '../../../../shared/contracts/organization.contract.js';
import { ROLE_TITLES } from '../../../../shared/roles.js';
import { ErrorAlert } from '../../../components/ErrorAlert.js';
import { formatDateTime } from '../../../lib/dates.js';
import { useComposition } from '../hooks/use-organization.js';
import { CompositionExportLinks } from './CompositionExportLinks.js';

const MEMBER_COLUMNS: TableColumnsType<CompositionMember> = [
  { title: 'ФИО', dataIndex: 'fullName', width: 230 },
  {
    title: 'Должность',
    dataIndex: 'position',
    ellipsis: true,
    render: (position: string | null) => position ?? '—',
  },
  {
    title: 'Роль',
    dataIndex: 'roleTitle',
    width: 220,
    render: (roleTitle: string | null, member) => roleTitle ?? (member.role ? ROLE_TITLES[member.role] : '—'),
  },
  { title: 'Блок', dataIndex: 'block', width: 220, ellipsis: true, render: (block: string | null) => block ?? '—' },
  {
    title: 'Сотрудник',
    dataIndex: 'personId',
    width: 110,
    render: (personId: string | null) =>
      personId ? <Tag color="green">в справочнике</Tag> : <Typography.Text type="secondary">—</Typography.Text>,
  },
];

type CompositionDrawerProps = {
  compositionId: string | undefined;
  onClose: () => void;
};

export function CompositionDrawer({ compositionId, onClose }: CompositionDrawerProps) {
  const compositionQuery = useComposition(compositionId);
  const composition = compositionQuery.data;
  return (
    <Drawer
      open={compositionId !== undefined}
      onClose={onClose}
      size={1000}
      title={composition ? `Состав МЦУ, версия ${composition.version}` : 'Состав МЦУ'}
      destroyOnHidden
      extra={composition ? <CompositionExportLinks compositionId={composition.id} /> : null}
    >
      {compositionQuery.isPending && compositionId !== undefined ? <Skeleton active paragraph={{ rows: 8 }} /> : null}
      {compositionQuery.isError ? (
        <ErrorAlert error={compositionQuery.error} onRetry={() => void compositionQuery.refetch()} />
      ) : null}
      {composition ? (
        <Space orientation="vertical" size={16} style={{ width: '100%' }}>
          <Descriptions
            size="small"
            column={2}
            bordered
            items={[
              {
                key: 'act',
                label: 'Акт',
                children: `№ ${composition.actNumber} от ${dayjs(composition.actDate).format('DD.MM.YYYY')}`,
              },
              { key: 'count', label: 'Участников', children: composition.memberCount },
              {
                key: 'uploaded',
                label: 'Загружен',
                children: `${formatDateTime(composition.createdAt)}${composition.createdByName ? `, ${composition.createdByName}` : ''}`,
              },
              { key: 'note', label: 'Примечание', children: composition.note ?? '—' },
            ]}
          />
          <Table<CompositionMember>
            size="small"
            rowKey={(member) =>
              `${member.fullName}|${member.role ?? ''}|${member.block ?? ''}|${member.position ?? ''}`
            }
            tableLayout="fixed"
            columns={MEMBER_COLUMNS}
            dataSource={composition.members}
            pagination={false}
            locale={{ emptyText: 'В этой версии нет участников.' }}
          />
        </Space>
      ) : null}
    </Drawer>
  );
}
