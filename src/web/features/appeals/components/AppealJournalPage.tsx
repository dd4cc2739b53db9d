import { Button, Card, Col, DatePicker, Input, Row, Select, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table/index.js';
import dayjs from 'dayjs';
import { useState } from 'react';
import {
  APPEAL_TYPE_TITLES,
  APPEAL_TYPES,
  type JournalEntry,
  RECEIPT_FORM_TITLES,
  RECEIPT_FORMS,
} from '../../../../shared/contracts/appeals.contract.js';
import { hasPermission } from '../../../../shared/permissions.js';
import { ErrorAlert } from '../../../components/ErrorAlert.js';
import { useDocumentTitle } from '../../../components/use-document-title.js';
import { formatDateTime } from '../../../lib/dates.js';
import { useCurrentUser } from '../../auth/hooks/use-session.js';
import { RegisterCaseModal } from '../../case-work/components/RegisterCaseModal.js';
import { journalExportUrl } from '../api/appeals.api.js';
import type { JournalSearch } from '../api/journal-search.js';
import { useJournal } from '../hooks/use-appeals.js';
import { RegistrationCardDrawer } from './RegistrationCardDrawer.js';
import { ControlTag } from './RegistrationCardView.js';

const PAGE_SIZE = 50;
const FLAG_OPTIONS = [
  { value: 'true', label: 'да' },
  { value: 'false', label: 'нет' },
];

const COLUMNS: ColumnsType<JournalEntry> = [
  {
    title: 'Рег. номер',
    dataIndex: 'number',
    width: 150,
    render: (number: string, entry) => (
      <Space orientation="vertical" size={0}>
        <Typography.Text strong data-testid="journal-number">
          {number}
        </Typography.Text>
        <Typography.Text type="secondary">{formatDateTime(entry.registeredAt)}</Typography.Text>
      </Space>
    ),
  },
  {
    title: 'Вид / форма',
    width: 170,
    render: (_, entry) => (
      <Space orientation="vertical" size={0}>
        <span>{APPEAL_TYPE_TITLES[entry.appealType]}</span>
        <Typography.Text type="secondary">{RECEIPT_FORM_TITLES[entry.receiptForm]}</Typography.Text>
        {entry.isCollective ? <Tag>коллективное · {entry.signatoryCount}</Tag> : null}
        {entry.isRepeat ? (
          <Tag color="purple" title={entry.repeatOf.map((item) => item.number).join(', ')}>
            повторное
          </Tag>
        ) : null}
      </Space>
    ),
  },
  { title: 'Заявитель', dataIndex: 'applicantName', width: 180 },
  {
    title: 'Содержание',
    render: (_, entry) => (
      <Space orientation="vertical" size={0}>
        <span>{entry.excerpt}</span>
        {entry.classifierCode ? (
          <Typography.Text type="secondary">
            {entry.classifierCode}
            {entry.classifierName ? ` — ${entry.classifierName}` : ''}
          </Typography.Text>
        ) : null}
      </Space>
    ),
  },
  { title: 'Состояние', dataIndex: 'stateTitle', width: 150 },
  {
    title: 'Контроль',
    width: 250,
    render: (_, entry) => (
      <Space orientation="vertical" size={2}>
        <span>
          Уведомление: <ControlTag control={entry.controls.notice} />
        </span>
        <span>
          Ответ: <ControlTag control={entry.controls.answer} />
        </span>
      </Space>
    ),
  },
];

type AppealJournalPageProps = {
  search: JournalSearch;
  onSearchChange: (patch: Partial<Record<keyof JournalSearch, string | number | undefined>>) => void;
};

/** «Журнал обращений»: the 59-ФЗ registration journal with filters, export, registration and the card. */
export function AppealJournalPage({ search, onSearchChange }: AppealJournalPageProps) {
  useDocumentTitle('Журнал обращений');
  const user = useCurrentUser();
  const [openCaseId, setOpenCaseId] = useState<string | null>(null);
  const [isRegistering, setIsRegistering] = useState(false);
  const { page = 1, ...filters } = search;
  const journal = useJournal({ ...filters, page, pageSize: PAGE_SIZE });
  const canRegister =
    user?.tenant.kind === 'municipality' &&
    hasPermission(user.roles, 'appeals.register') &&
    hasPermission(user.roles, 'cases.create');
  const set = (patch: Partial<Record<keyof JournalSearch, string | number | undefined>>) =>
    onSearchChange({ ...patch, page: undefined });

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Row justify="space-between" align="middle">
        <Typography.Title level={3} style={{ margin: 0 }}>
          Журнал обращений
        </Typography.Title>
        <Space>
          <Button href={journalExportUrl(filters, 'xlsx')}>Выгрузить XLSX</Button>
          <Button href={journalExportUrl(filters, 'csv')}>CSV</Button>
          {canRegister ? (
            <Button type="primary" onClick={() => setIsRegistering(true)} data-testid="register-appeal">
              Зарегистрировать обращение
            </Button>
          ) : null}
        </Space>
      </Row>
      <Card size="small">
        <Row gutter={[12, 12]}>
          <Col>
            <DatePicker.RangePicker
              format="DD.MM.YYYY"
              value={[search.from ? dayjs(search.from) : null, search.to ? dayjs(search.to) : null]}
              onChange={(range) =>
                set({ from: range?.[0]?.format('YYYY-MM-DD'), to: range?.[1]?.format('YYYY-MM-DD') })
              }
              placeholder={['Зарегистрировано с', 'по']}
            />
          </Col>
          <Col>
            <Select
              allowClear
              placeholder="Вид"
              style={{ width: 160 }}
              value={search.appealType}
              options={APPEAL_TYPES.map((type) => ({ value: type, label: APPEAL_TYPE_TITLES[type] }))}
              onChange={(value) => set({ appealType: value })}
            />
          </Col>
          <Col>
            <Select
              allowClear
              placeholder="Форма поступления"
              style={{ width: 190 }}
              value={search.receiptForm}
              options={RECEIPT_FORMS.map((form) => ({ value: form, label: RECEIPT_FORM_TITLES[form] }))}
              onChange={(value) => set({ receiptForm: value })}
            />
          </Col>
          <Col>
            <Input.Search
              allowClear
              placeholder="Код классификатора"
              style={{ width: 200 }}
              defaultValue={search.classifierCode}
              onSearch={(value) => set({ classifierCode: value.trim() || undefined })}
            />
          </Col>
          <Col>
            <Select
              allowClear
              placeholder="Повторное"
              style={{ width: 130 }}
              value={search.isRepeat}
              options={FLAG_OPTIONS}
              onChange={(value) => set({ isRepeat: value })}
            />
          </Col>
          <Col>
            <Select
              allowClear
              placeholder="Коллективное"
              style={{ width: 140 }}
              value={search.isCollective}
              options={FLAG_OPTIONS}
              onChange={(value) => set({ isCollective: value })}
            />
          </Col>
          <Col>
            <Input.Search
              allowClear
              placeholder="Номер"
              style={{ width: 180 }}
              defaultValue={search.q}
              onSearch={(value) => set({ q: value.trim() || undefined })}
            />
          </Col>
        </Row>
      </Card>
      {journal.error ? <ErrorAlert error={journal.error} onRetry={() => void journal.refetch()} /> : null}
      <Table<JournalEntry>
        rowKey="caseId"
        size="small"
        loading={journal.isFetching}
        columns={COLUMNS}
        dataSource={journal.data?.items ?? []}
        onRow={(entry) => ({ onClick: () => setOpenCaseId(entry.caseId), style: { cursor: 'pointer' } })}
        pagination={{
          current: page,
          pageSize: PAGE_SIZE,
          total: journal.data?.total ?? 0,
          showSizeChanger: false,
          showTotal: (total) => `Всего: ${total}`,
          onChange: (next) => onSearchChange({ page: next > 1 ? next : undefined }),
        }}
        locale={{ emptyText: 'В журнале нет обращений с такими условиями' }}
      />
      <RegistrationCardDrawer caseId={openCaseId} onClose={() => setOpenCaseId(null)} />
      {isRegistering ? (
        <RegisterCaseModal
          initialKind="appeal"
          onClose={() => setIsRegistering(false)}
          onCreated={() => setIsRegistering(false)}
          onAppealRegistered={(card) => {
            setIsRegistering(false);
            setOpenCaseId(card.caseId);
          }}
        />
      ) : null}
    </Space>
  );
}
