import { App, Button, Popconfirm, Space, Table, type TableColumnsType, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { RECIPIENT_KIND_TITLES, type Recipient } from '../../../../shared/contracts/organization.contract.js';
import { describeError, ErrorAlert } from '../../../components/ErrorAlert.js';
import { formatCount } from '../../../lib/numbers.js';
import { buildRecipientTree, collectParentIds, type RecipientNode } from '../api/recipient-tree.js';
import { type TenantChoice, useRecipients, useUpdateRecipient } from '../hooks/use-organization.js';
import { ActionLink } from './ActionLink.js';
import { RecipientFormModal, type RecipientFormTarget } from './RecipientFormModal.js';

type RecipientsTabProps = {
  choice: TenantChoice;
  /** Opens the people tab filtered by this recipient. */
  onShowPeople: (recipientId: string) => void;
};

export function RecipientsTab({ choice, onShowPeople }: RecipientsTabProps) {
  const recipientsQuery = useRecipients(choice);
  const updateMutation = useUpdateRecipient();
  const { message } = App.useApp();
  const [formTarget, setFormTarget] = useState<RecipientFormTarget | null>(null);
  // Folded rows are remembered rather than unfolded ones, so a newly added branch shows up unfolded.
  const [collapsedIds, setCollapsedIds] = useState<ReadonlySet<string>>(new Set());
  const recipients = recipientsQuery.data;
  const tree = useMemo(() => buildRecipientTree(recipients ?? []), [recipients]);
  const expandedIds = useMemo(() => collectParentIds(tree).filter((id) => !collapsedIds.has(id)), [tree, collapsedIds]);

  const setActive = (recipient: Recipient, isActive: boolean) => {
    updateMutation.mutate(
      { id: recipient.id, input: { isActive } },
      {
        onSuccess: () =>
          void message.success(
            isActive ? `Получатель «${recipient.name}» включён` : `Получатель «${recipient.name}» отключён`,
          ),
        onError: (error) => void message.error(describeError(error)),
      },
    );
  };

  const columns: TableColumnsType<RecipientNode> = [
    {
      title: 'Наименование',
      dataIndex: 'name',
      // Inline, not a flex box: the tree's indent and the name must stay on one line.
      render: (name: string, recipient) =>
        recipient.isActive ? (
          name
        ) : (
          <>
            <Typography.Text type="secondary">{name}</Typography.Text>{' '}
            <Tag style={{ marginInlineEnd: 0 }}>отключён</Tag>
          </>
        ),
    },
    {
      title: 'Краткое',
      dataIndex: 'shortName',
      width: 130,
      ellipsis: true,
      render: (shortName: string | null) => shortName ?? '—',
    },
    {
      title: 'Вид',
      dataIndex: 'kind',
      width: 210,
      render: (_: unknown, recipient) => RECIPIENT_KIND_TITLES[recipient.kind],
    },
    {
      title: 'Сотрудников',
      dataIndex: 'peopleCount',
      width: 110,
      align: 'right',
      render: (count: number, recipient) =>
        count > 0 ? (
          <ActionLink onClick={() => onShowPeople(recipient.id)} title="Показать сотрудников">
            {formatCount(count)}
          </ActionLink>
        ) : (
          <Typography.Text type="secondary">0</Typography.Text>
        ),
    },
  ];
  if (choice.canManage) {
    columns.push({
      title: 'Действия',
      key: 'actions',
      width: 280,
      render: (_: unknown, recipient) => (
        <Space size={12} style={{ whiteSpace: 'nowrap' }}>
          <ActionLink onClick={() => setFormTarget({ mode: 'edit', recipient })}>Изменить</ActionLink>
          {recipient.isActive ? (
            <ActionLink
              title="Добавить подчинённого получателя"
              onClick={() => setFormTarget({ mode: 'create', parent: recipient })}
            >
              + Подчинённый
            </ActionLink>
          ) : null}
          {recipient.isActive ? (
            <Popconfirm
              title={`Отключить «${recipient.name}»?`}
              description="Его нельзя будет выбрать для новых сотрудников; включить можно снова."
              okText="Отключить"
              cancelText="Отмена"
              onConfirm={() => setActive(recipient, false)}
            >
              <ActionLink isDanger>Отключить</ActionLink>
            </Popconfirm>
          ) : (
            <ActionLink onClick={() => setActive(recipient, true)}>Включить</ActionLink>
          )}
        </Space>
      ),
    });
  }

  return (
    <>
      <Space style={{ marginBottom: 12, width: '100%', justifyContent: 'space-between' }} wrap>
        <Typography.Text type="secondary">
          Администрация → отделы, управления, комитеты → учреждения, территориальные органы, поселения
        </Typography.Text>
        {choice.canManage ? (
          <Button type="primary" onClick={() => setFormTarget({ mode: 'create', parent: null })}>
            Добавить получателя
          </Button>
        ) : null}
      </Space>
      {recipientsQuery.isError ? (
        <div style={{ marginBottom: 12 }}>
          <ErrorAlert error={recipientsQuery.error} onRetry={() => void recipientsQuery.refetch()} />
        </div>
      ) : null}
      <Table<RecipientNode>
        size="small"
        rowKey="id"
        tableLayout="fixed"
        columns={columns}
        dataSource={tree}
        loading={recipientsQuery.isFetching}
        pagination={false}
        scroll={{ x: choice.canManage ? 1100 : 820 }}
        expandable={{
          expandedRowKeys: expandedIds,
          onExpand: (isExpanded, recipient) =>
            setCollapsedIds((previous) => {
              const next = new Set(previous);
              if (isExpanded) next.delete(recipient.id);
              else next.add(recipient.id);
              return next;
            }),
        }}
        locale={{
          emptyText: recipientsQuery.isPending
            ? ' '
            : 'Получателей пока нет. Начните с администрации, затем добавьте её отделы и учреждения.',
        }}
      />
      {formTarget ? (
        <RecipientFormModal target={formTarget} tree={tree} scope={choice.scope} onClose={() => setFormTarget(null)} />
      ) : null}
    </>
  );
}
