import { Timeline, Typography } from 'antd';
import type { CaseDetail } from '../../../../shared/contracts/cases.contract.js';
import { formatDateTime } from '../../../lib/dates.js';
import { pickAttachments, readAttachmentIds } from '../api/attachments.api.js';
import { describePayload, findCaseWorkflow } from '../api/case-actions.js';
import { AttachmentList } from './AttachmentList.js';

/** The files a timeline entry is about: an added file, an answer's evidence, a covering letter. */
function listEntryFileIds(payload: Record<string, unknown>): string[] {
  const ids = readAttachmentIds(payload);
  for (const key of ['attachmentId', 'coveringLetterAttachmentId']) {
    const value = payload[key];
    if (typeof value === 'string') ids.push(value);
  }
  return ids;
}

/** «Ход работы»: everything that happened to the case, oldest first, times in the tenant's zone. */
export function CaseTimeline({ item }: { item: CaseDetail }) {
  const workflow = findCaseWorkflow(item);
  const items = item.history.map((entry) => {
    const parts = describePayload(entry, workflow);
    const files = pickAttachments(item, listEntryFileIds(entry.payload));
    const goneFileName = files.length === 0 && typeof entry.payload.fileName === 'string' ? entry.payload.fileName : '';
    const isMove = entry.fromState !== null && entry.toState !== null && entry.fromState !== entry.toState;
    return {
      key: entry.id,
      content: (
        <div data-testid="case-timeline-entry">
          <div>
            <Typography.Text strong>{entry.title}</Typography.Text>
            {isMove ? (
              <Typography.Text type="secondary">
                {' '}
                · {entry.fromState} → {entry.toState}
              </Typography.Text>
            ) : null}
            {entry.fromState === null && entry.toState !== null ? (
              <Typography.Text type="secondary"> · {entry.toState}</Typography.Text>
            ) : null}
          </div>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {formatDateTime(entry.at)} · {entry.actorName ?? 'Система'}
          </Typography.Text>
          {parts.map((part) =>
            part.isLong ? (
              <Typography.Paragraph
                key={part.label}
                style={{ whiteSpace: 'pre-wrap', margin: '4px 0 0', fontSize: 13 }}
                ellipsis={{
                  rows: 4,
                  expandable: 'collapsible',
                  symbol: (isExpanded) => (isExpanded ? 'свернуть' : 'ещё'),
                }}
              >
                <Typography.Text type="secondary">{part.label}: </Typography.Text>
                {part.value}
              </Typography.Paragraph>
            ) : (
              <div key={part.label} style={{ fontSize: 13 }}>
                <Typography.Text type="secondary">{part.label}: </Typography.Text>
                {part.value}
              </div>
            ),
          )}
          {files.length > 0 ? (
            <div style={{ marginTop: 4 }} data-testid="case-timeline-attachments">
              <AttachmentList attachments={files} isCompact />
            </div>
          ) : null}
          {goneFileName !== '' ? (
            <div style={{ fontSize: 13 }}>
              <Typography.Text type="secondary">Файл (удалён): </Typography.Text>
              <Typography.Text delete>{goneFileName}</Typography.Text>
            </div>
          ) : null}
        </div>
      ),
    };
  });

  return (
    <div data-testid="case-timeline">
      <Typography.Title level={5} style={{ marginTop: 0 }}>
        Ход работы
      </Typography.Title>
      {items.length === 0 ? (
        <Typography.Text type="secondary">Пока ничего не происходило.</Typography.Text>
      ) : (
        <Timeline items={items} />
      )}
    </div>
  );
}
