import { App, Button, Popconfirm, Space, Table, type TableColumnsType, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import type { Substitution } from '../../../../shared/contracts/organization.contract.js';
import { describeError, ErrorAlert } from '../../../components/ErrorAlert.js';
import { type TenantChoice, useDeleteSubstitution, usePeople, useSubstitutions } from '../hooks/use-organization.js';
import { ActionLink } from './ActionLink.js';
import { SubstitutionFormModal } from './SubstitutionFormModal.js';

function formatDay(day: string): string {
  return dayjs(day).format('DD.MM.YYYY');
}

/** «Действует сейчас» comes from the server (the tenant's today); a finished or a coming one is told by the dates. */
function SubstitutionStateTag({ substitution }: { substitution: Substitution }) {
  if (substitution.isCurrent) {
    return (
      <Tag color="green" style={{ marginInlineEnd: 0 }}>
        Действует сейчас
      </Tag>
    );
  }
  const today = dayjs().format('YYYY-MM-DD');
  return substitution.endsOn < today ? (
    <Tag style={{ marginInlineEnd: 0 }}>Завершено</Tag>
  ) : (
    <Tag color="blue" style={{ marginInlineEnd: 0 }}>
      Запланировано
    </Tag>
  );
}

export function SubstitutionsTab({ choice }: { choice: TenantChoice }) {
  const substitutionsQuery = useSubstitutions(choice);
  const peopleQuery = usePeople(choice);
  const deleteMutation = useDeleteSubstitution();
  const { message } = App.useApp();
  const [isCreating, setIsCreating] = useState(false);

  const remove = (substitution: Substitution) => {
    deleteMutation.mutate(substitution.id, {
      onSuccess: () => void message.success('Замещение удалено'),
      onError: (error) => void message.error(describeError(error)),
    });
  };

  const columns: TableColumnsType<Substitution> = [
    { title: 'Кто отсутствует', dataIndex: 'absentName', width: 240, ellipsis: true },
    { title: 'Кто замещает', dataIndex: 'substituteName', width: 240, ellipsis: true },
    { title: 'С', dataIndex: 'startsOn', width: 110, render: formatDay },
    { title: 'По', dataIndex: 'endsOn', width: 110, render: formatDay },
    {
      title: 'Причина',
      dataIndex: 'reason',
      ellipsis: true,
      render: (reason: string | null) => reason ?? '—',
    },
    {
      title: 'Состояние',
      key: 'state',
      width: 160,
      render: (_: unknown, substitution) => <SubstitutionStateTag substitution={substitution} />,
    },
  ];
  if (choice.canManage) {
    columns.push({
      title: 'Действия',
      key: 'actions',
      width: 110,
      render: (_: unknown, substitution) => (
        <Popconfirm
          title="Удалить замещение?"
          description={`${substitution.substituteName} перестанет замещать ${substitution.absentName}.`}
          okText="Удалить"
          okButtonProps={{ danger: true }}
          cancelText="Отмена"
          onConfirm={() => remove(substitution)}
        >
          <ActionLink isDanger>Удалить</ActionLink>
        </Popconfirm>
      ),
    });
  }

  return (
    <>
      <Space style={{ marginBottom: 12, width: '100%', justifyContent: 'space-between' }} wrap>
        <Typography.Text type="secondary">
          На время отсутствия обязанности исполняет замещающий: он видит и ведёт то же, что и отсутствующий
        </Typography.Text>
        {choice.canManage ? (
          <Button type="primary" onClick={() => setIsCreating(true)}>
            Назначить замещение
          </Button>
        ) : null}
      </Space>
      {substitutionsQuery.isError ? (
        <div style={{ marginBottom: 12 }}>
          <ErrorAlert error={substitutionsQuery.error} onRetry={() => void substitutionsQuery.refetch()} />
        </div>
      ) : null}
      <Table<Substitution>
        size="small"
        rowKey="id"
        tableLayout="fixed"
        columns={columns}
        dataSource={substitutionsQuery.data ?? []}
        loading={substitutionsQuery.isFetching}
        pagination={{ defaultPageSize: 50, hideOnSinglePage: true, size: 'small' }}
        scroll={{ x: 1100 }}
        locale={{ emptyText: substitutionsQuery.isPending ? ' ' : 'Замещений нет.' }}
      />
      {isCreating ? (
        <SubstitutionFormModal
          people={peopleQuery.data ?? []}
          scope={choice.scope}
          onClose={() => setIsCreating(false)}
        />
      ) : null}
    </>
  );
}
