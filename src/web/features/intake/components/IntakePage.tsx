import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Checkbox, Descriptions, Radio, Space, Table, Tag, Typography, Upload } from 'antd';
import { useState } from 'react';
import {
  IMPORT_FORMAT_TITLES,
  IMPORT_OUTCOME_TITLES,
  type ImportRecordView,
  type ImportReportView,
  type UploadImportFormat,
} from '../../../../shared/contracts/intake.contract.js';
import { hasPermission } from '../../../../shared/permissions.js';
import { ErrorAlert } from '../../../components/ErrorAlert.js';
import { useDocumentTitle } from '../../../components/use-document-title.js';
import { formatDateTime } from '../../../lib/dates.js';
import { isApiError } from '../../../platform/http-client.js';
import { useCurrentUser } from '../../auth/hooks/use-session.js';
import { fetchImports, uploadImport } from '../api/intake.api.js';

const FORMAT_HINTS: Record<UploadImportFormat, string> = {
  pos: 'Выгрузка бэк-офиса ПОС: Номер, Номер ЕПГУ, Источник, Верхнеуровневый ЛКО, Категория, Подкатегория, Факт, организации, даты поступления / планируемого / фактического завершения, Стадия, Статус, Просрочено, Фаст-трек, ФЗ, Подача по 59-ФЗ, Тип решения, Оценка, Повторное рассмотрение, ФИО координатора / исполнителя / руководителя.',
  im: 'Выгрузка Инцидент менеджмента: Номер инцидента, Текст, Группа тем, Тема, Урл блога, Муниципалитет, Дата создания, Дата закрытия, Важность, Время до ответа, Причина закрытия, Адрес.',
};

const OUTCOME_COLORS: Record<ImportRecordView['outcome'], string> = {
  completed: 'green',
  completed_with_rejections: 'orange',
  rejected: 'red',
};

const lineLabel = (line: number) => (line > 0 ? `Строка ${line}` : 'Файл');

function RejectedLines({ lines }: { lines: Array<{ line: number; message: string }> }) {
  return (
    <Table
      size="small"
      rowKey={(item) => `${item.line}:${item.message}`}
      pagination={lines.length > 10 ? { pageSize: 10 } : false}
      dataSource={lines}
      columns={[
        { title: 'Где', dataIndex: 'line', width: 110, render: (line: number) => lineLabel(line) },
        { title: 'Причина', dataIndex: 'message' },
      ]}
    />
  );
}

function ReportView({ report }: { report: ImportReportView }) {
  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid="intake-report">
      <Alert
        type={report.rejectedCount > 0 ? 'warning' : 'success'}
        showIcon
        title={`${IMPORT_OUTCOME_TITLES[report.outcome]}: «${report.fileName}»`}
      />
      <Descriptions
        size="small"
        bordered
        column={1}
        items={[
          { key: 'created', label: 'Создано сообщений', children: report.created },
          { key: 'present', label: 'Уже были (не изменены)', children: report.present },
          { key: 'rejected', label: 'Отклонено строк', children: report.rejectedCount },
          { key: 'recipients', label: 'Новых получателей', children: report.newRecipients },
          { key: 'rubrics', label: 'Новых рубрик', children: report.newRubrics },
          { key: 'routed', label: 'Направлено автоправилами', children: report.routed },
        ]}
      />
      {report.rejected.length > 0 && <RejectedLines lines={report.rejected} />}
    </Space>
  );
}

/** «Импорт»: upload of ПОС and ИМ exports (all or nothing) and the journal of runs. */
export function IntakePage() {
  useDocumentTitle('Импорт');
  const user = useCurrentUser();
  const roles = user?.roles ?? [];
  const formats = (['pos', 'im'] as const).filter((format) =>
    hasPermission(roles, format === 'pos' ? 'intake.import_pos' : 'intake.import_im'),
  );
  const [format, setFormat] = useState<UploadImportFormat>(formats[0] ?? 'pos');
  const [file, setFile] = useState<File | null>(null);
  const [skipInvalid, setSkipInvalid] = useState(false);
  const queryClient = useQueryClient();
  const journal = useQuery({ queryKey: ['intake', 'imports'], queryFn: ({ signal }) => fetchImports(signal) });
  const upload = useMutation({
    mutationFn: uploadImport,
    onSettled: () => queryClient.invalidateQueries({ queryKey: ['intake', 'imports'] }),
  });
  const rejection =
    upload.error && isApiError(upload.error) && upload.error.code === 'IMPORT_REJECTED' ? upload.error : null;

  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        Импорт выгрузок
      </Typography.Title>
      <Card title="Загрузить файл">
        <Space direction="vertical" style={{ width: '100%' }}>
          <Radio.Group
            value={format}
            onChange={(event) => setFormat(event.target.value)}
            options={formats.map((value) => ({ value, label: IMPORT_FORMAT_TITLES[value] }))}
          />
          <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
            {FORMAT_HINTS[format]} Файл XLSX или CSV (UTF-8 или Windows-1251, разделитель «;», «,» или табуляция).
            Загружается всё или ничего; сообщения, которые уже есть (тот же номер), не дублируются.
          </Typography.Paragraph>
          <Upload
            accept=".xlsx,.csv"
            maxCount={1}
            beforeUpload={(chosen) => {
              setFile(chosen);
              upload.reset();
              return false;
            }}
            onRemove={() => setFile(null)}
            fileList={file ? [{ uid: 'file', name: file.name, status: 'done' }] : []}
          >
            <Button>Выбрать файл…</Button>
          </Upload>
          <Checkbox checked={skipInvalid} onChange={(event) => setSkipInvalid(event.target.checked)}>
            Пропустить ошибочные строки (записать остальные)
          </Checkbox>
          <Button
            type="primary"
            disabled={!file}
            loading={upload.isPending}
            onClick={() => file && upload.mutate({ format, file, skipInvalid })}
          >
            Загрузить
          </Button>
          {upload.data && <ReportView report={upload.data} />}
          {rejection && (
            <Space direction="vertical" style={{ width: '100%' }} data-testid="intake-rejection">
              <Alert type="error" showIcon title={rejection.message} />
              <RejectedLines
                lines={rejection.fields.map((field) => ({
                  line: Number(/\d+/.exec(field.field)?.[0] ?? 0),
                  message: field.message,
                }))}
              />
            </Space>
          )}
          {upload.error && !rejection && <ErrorAlert error={upload.error} />}
        </Space>
      </Card>
      <Card title="Журнал импорта">
        {journal.error ? (
          <ErrorAlert error={journal.error} />
        ) : (
          <Table<ImportRecordView>
            size="small"
            rowKey="id"
            loading={journal.isLoading}
            dataSource={journal.data ?? []}
            expandable={{
              rowExpandable: (record) => record.rejectedLines.length > 0,
              expandedRowRender: (record) => <RejectedLines lines={record.rejectedLines} />,
            }}
            columns={[
              { title: 'Когда', dataIndex: 'finishedAt', render: (value: string) => formatDateTime(value), width: 140 },
              {
                title: 'Формат',
                dataIndex: 'format',
                render: (value: ImportRecordView['format']) => IMPORT_FORMAT_TITLES[value],
              },
              { title: 'Файл', dataIndex: 'fileName' },
              { title: 'Кто', dataIndex: 'actorLabel' },
              {
                title: 'Итог',
                dataIndex: 'outcome',
                render: (value: ImportRecordView['outcome']) => (
                  <Tag color={OUTCOME_COLORS[value]}>{IMPORT_OUTCOME_TITLES[value]}</Tag>
                ),
              },
              { title: 'Создано', dataIndex: 'createdCount', align: 'right' },
              { title: 'Уже было', dataIndex: 'presentCount', align: 'right' },
              { title: 'Отклонено', dataIndex: 'rejectedCount', align: 'right' },
            ]}
          />
        )}
      </Card>
    </Space>
  );
}
