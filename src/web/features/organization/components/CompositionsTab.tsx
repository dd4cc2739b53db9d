import { Button, Space, Table, type TableColumnsType, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import type { Composition } from '../../../../shared/contracts/organization.contract.js';
import { ErrorAlert } from '../../../components/ErrorAlert.js';
import { formatDateTime } from '../../../lib/dates.js';
import { formatCount } from '../../../lib/numbers.js';
import { type TenantChoice, useCompositions } from '../hooks/use-organization.js';
import { ActionLink } from './ActionLink.js';
import { CompositionDrawer } from './CompositionDrawer.js';
import { CompositionExportLinks } from './CompositionExportLinks.js';
import { CompositionImportModal } from './CompositionImportModal.js';

type CompositionsTabProps = {
  choice: TenantChoice;
  compositionId: string | undefined;
  onOpen: (compositionId: string | undefined) => void;
};

export function CompositionsTab({ choice, compositionId, onOpen }: CompositionsTabProps) {
  const compositionsQuery = useCompositions(choice);
  const [isImporting, setIsImporting] = useState(false);
  const compositions = compositionsQuery.data ?? [];
  const latestVersion = Math.max(0, ...compositions.map((composition) => composition.version));

  const columns: TableColumnsType<Composition> = [
    {
      title: 'Версия',
      dataIndex: 'version',
      width: 200,
      render: (version: number, composition) => (
        <Space size={6} style={{ whiteSpace: 'nowrap' }}>
          <ActionLink isStrong onClick={() => onOpen(composition.id)}>
            Версия {version}
          </ActionLink>
          {version === latestVersion ? <Tag color="green">действующая</Tag> : null}
        </Space>
      ),
    },
    { title: '№ акта', dataIndex: 'actNumber', width: 140, ellipsis: true },
    {
      title: 'Дата акта',
      dataIndex: 'actDate',
      width: 110,
      render: (actDate: string) => dayjs(actDate).format('DD.MM.YYYY'),
    },
    {
      title: 'Участников',
      dataIndex: 'memberCount',
      width: 110,
      align: 'right',
      render: (count: number) => formatCount(count),
    },
    { title: 'Примечание', dataIndex: 'note', ellipsis: true, render: (note: string | null) => note ?? '—' },
    {
      title: 'Загружен',
      key: 'uploaded',
      width: 280,
      ellipsis: true,
      // A plain string, so a cut-off name is shown whole on hover.
      render: (_: unknown, composition) =>
        `${formatDateTime(composition.createdAt)} · ${composition.createdByName ?? 'система'}`,
    },
    {
      title: 'Выгрузить',
      key: 'export',
      width: 150,
      render: (_: unknown, composition) => <CompositionExportLinks compositionId={composition.id} />,
    },
  ];

  return (
    <>
      <Space style={{ marginBottom: 12, width: '100%', justifyContent: 'space-between' }} wrap>
        <Typography.Text type="secondary">
          Состав МЦУ утверждается актом и меняется со временем; каждая загрузка — новая версия, прежние сохраняются
        </Typography.Text>
        {choice.canManage ? (
          <Button type="primary" onClick={() => setIsImporting(true)}>
            Загрузить состав
          </Button>
        ) : null}
      </Space>
      {compositionsQuery.isError ? (
        <div style={{ marginBottom: 12 }}>
          <ErrorAlert error={compositionsQuery.error} onRetry={() => void compositionsQuery.refetch()} />
        </div>
      ) : null}
      <Table<Composition>
        size="small"
        rowKey="id"
        tableLayout="fixed"
        columns={columns}
        dataSource={compositions}
        loading={compositionsQuery.isFetching}
        pagination={false}
        scroll={{ x: 1150 }}
        locale={{
          emptyText: compositionsQuery.isPending
            ? ' '
            : choice.canManage
              ? 'Состав ещё не загружен. Загрузите таблицу CSV или XLSX с составом, утверждённым актом.'
              : 'Состав ещё не загружен.',
        }}
      />
      <CompositionDrawer compositionId={compositionId} onClose={() => onOpen(undefined)} />
      {isImporting ? <CompositionImportModal scope={choice.scope} onClose={() => setIsImporting(false)} /> : null}
    </>
  );
}
