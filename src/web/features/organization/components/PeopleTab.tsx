import { App, Button, Popconfirm, Space, Table, type TableColumnsType, Tooltip, Typography } from 'antd';
import { useMemo, useState } from 'react';
import type { Person } from '../../../../shared/contracts/organization.contract.js';
import { HEADER_HEIGHT } from '../../../components/AppLayout.js';
import { describeError, ErrorAlert } from '../../../components/ErrorAlert.js';
import { formatDateTime } from '../../../lib/dates.js';
import { formatCount } from '../../../lib/numbers.js';
import { hasPeopleFilters, type OrganizationSearch, toPeopleFilter } from '../api/organization-search.js';
import { buildRecipientTree, toRecipientTreeOptions } from '../api/recipient-tree.js';
import { listAssignableRoles } from '../api/select-options.js';
import {
  type TenantChoice,
  useDeletePerson,
  usePeople,
  useRecipients,
  useUpdatePerson,
} from '../hooks/use-organization.js';
import { ActionLink } from './ActionLink.js';
import { PeopleFilters } from './PeopleFilters.js';
import { PersonDrawer, type PersonFormTarget } from './PersonDrawer.js';
import { ActiveTag, RoleTags } from './RoleTags.js';

type PeopleTabProps = {
  choice: TenantChoice;
  search: OrganizationSearch;
  onSearchChange: (patch: Partial<OrganizationSearch>) => void;
};

const PAGE_SIZES = ['20', '50', '100', '200'];

export function PeopleTab({ choice, search, onSearchChange }: PeopleTabProps) {
  const filter = toPeopleFilter(search);
  const peopleQuery = usePeople(choice, filter);
  const recipientsQuery = useRecipients(choice);
  const updateMutation = useUpdatePerson();
  const deleteMutation = useDeletePerson();
  const { message } = App.useApp();
  const [formTarget, setFormTarget] = useState<PersonFormTarget | null>(null);
  const recipients = recipientsQuery.data;
  const tree = useMemo(() => buildRecipientTree(recipients ?? []), [recipients]);
  const filterRecipientOptions = useMemo(() => toRecipientTreeOptions(tree, new Set(), true), [tree]);
  const formRecipientOptions = useMemo(() => toRecipientTreeOptions(tree), [tree]);
  const roles = listAssignableRoles(choice.selectedTenantKind);

  const setActive = (person: Person, isActive: boolean) => {
    updateMutation.mutate(
      { id: person.id, input: { isActive } },
      {
        onSuccess: () =>
          void message.success(
            isActive ? `Сотрудник «${person.fullName}» включён` : `Сотрудник «${person.fullName}» отключён`,
          ),
        onError: (error) => void message.error(describeError(error)),
      },
    );
  };

  const remove = (person: Person) => {
    deleteMutation.mutate(person.id, {
      onSuccess: () => void message.success(`Сотрудник «${person.fullName}» удалён`),
      // 409 PERSON_HAS_ACTED: the server explains that someone who has acted can only be switched off.
      onError: (error) => void message.error(describeError(error), 6),
    });
  };

  const columns: TableColumnsType<Person> = [
    {
      title: 'ФИО',
      dataIndex: 'fullName',
      width: 230,
      render: (fullName: string, person) => (
        <>
          {choice.canManage ? (
            <ActionLink isStrong onClick={() => setFormTarget({ mode: 'edit', person })}>
              {fullName}
            </ActionLink>
          ) : (
            <Typography.Text strong type={person.isActive ? undefined : 'secondary'}>
              {fullName}
            </Typography.Text>
          )}
          {person.isActive ? null : (
            <>
              {' '}
              <ActiveTag isActive={false} />
            </>
          )}
        </>
      ),
    },
    {
      title: 'Должность',
      dataIndex: 'position',
      width: 150,
      ellipsis: true,
      render: (position: string | null) => position ?? '—',
    },
    {
      title: 'Получатель',
      dataIndex: 'recipientName',
      width: 170,
      ellipsis: { showTitle: false },
      render: (recipientName: string | null) =>
        recipientName ? (
          <Tooltip title={recipientName} placement="topLeft">
            {recipientName}
          </Tooltip>
        ) : (
          '—'
        ),
    },
    {
      title: 'Роли',
      dataIndex: 'roles',
      render: (_: unknown, person) => <RoleTags roles={person.roles} />,
    },
    {
      title: 'Логин / вход',
      dataIndex: 'login',
      width: 170,
      ellipsis: true,
      render: (login: string | null, person) =>
        login ? (
          <>
            <div style={{ overflow: 'hidden', textOverflow: 'ellipsis' }}>{login}</div>
            <Typography.Text type="secondary" style={{ fontSize: 12, whiteSpace: 'nowrap' }}>
              {person.lastLoginAt ? formatDateTime(person.lastLoginAt) : 'не входил'}
            </Typography.Text>
          </>
        ) : (
          <Typography.Text type="secondary">нет входа</Typography.Text>
        ),
    },
  ];
  if (choice.canManage) {
    columns.push({
      title: 'Действия',
      key: 'actions',
      width: 230,
      render: (_: unknown, person) => (
        <Space size={12} style={{ whiteSpace: 'nowrap' }}>
          <ActionLink onClick={() => setFormTarget({ mode: 'edit', person })}>Изменить</ActionLink>
          {person.isActive ? (
            <Popconfirm
              title={`Отключить «${person.fullName}»?`}
              description="Сотрудник не сможет войти; его действия останутся в истории. Включить можно снова."
              okText="Отключить"
              cancelText="Отмена"
              onConfirm={() => setActive(person, false)}
            >
              <ActionLink isDanger>Отключить</ActionLink>
            </Popconfirm>
          ) : (
            <ActionLink onClick={() => setActive(person, true)}>Включить</ActionLink>
          )}
          {person.hasActed ? null : (
            <Popconfirm
              title={`Удалить «${person.fullName}»?`}
              description="Сотрудник ещё ничего не делал в системе, поэтому его можно удалить совсем."
              okText="Удалить"
              okButtonProps={{ danger: true }}
              cancelText="Отмена"
              onConfirm={() => remove(person)}
            >
              <ActionLink isDanger>Удалить</ActionLink>
            </Popconfirm>
          )}
        </Space>
      ),
    });
  }

  return (
    <>
      <div style={{ display: 'flex', gap: 8, alignItems: 'flex-start', marginBottom: 12 }}>
        <div style={{ flex: 1, minWidth: 0 }}>
          <PeopleFilters
            search={search}
            recipientOptions={filterRecipientOptions}
            roles={roles}
            onChange={onSearchChange}
          />
        </div>
        {choice.canManage ? (
          <Button
            type="primary"
            onClick={() => setFormTarget({ mode: 'create', recipientId: search.recipientId ?? null })}
          >
            Добавить сотрудника
          </Button>
        ) : null}
      </div>
      {peopleQuery.isError ? (
        <div style={{ marginBottom: 12 }}>
          <ErrorAlert error={peopleQuery.error} onRetry={() => void peopleQuery.refetch()} />
        </div>
      ) : null}
      <Table<Person>
        size="small"
        rowKey="id"
        tableLayout="fixed"
        sticky={{ offsetHeader: HEADER_HEIGHT }}
        columns={columns}
        dataSource={peopleQuery.data ?? []}
        loading={peopleQuery.isFetching}
        scroll={{ x: choice.canManage ? 1180 : 950 }}
        locale={{
          emptyText: peopleQuery.isPending
            ? ' '
            : hasPeopleFilters(search)
              ? 'Никого не найдено. Измените условия отбора.'
              : 'Сотрудников пока нет. Добавьте их или загрузите состав МЦУ.',
        }}
        pagination={{
          defaultPageSize: 50,
          pageSizeOptions: PAGE_SIZES,
          showSizeChanger: true,
          hideOnSinglePage: false,
          showTotal: (total, [from, to]) => `${formatCount(from)}–${formatCount(to)} из ${formatCount(total)}`,
          size: 'small',
        }}
      />
      {formTarget ? (
        <PersonDrawer
          target={formTarget}
          choice={choice}
          recipientOptions={formRecipientOptions}
          roles={roles}
          onClose={() => setFormTarget(null)}
        />
      ) : null}
    </>
  );
}
