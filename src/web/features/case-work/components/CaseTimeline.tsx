import { Timeline, Typography } from 'antd';
import type { CaseDetail } from '../../../../shared/contracts/cases.contract.js';
import { formatDateTime } from '../../../lib/dates.js';
import { describePayload, findCaseWorkflow } from '../api/case-actions.js';

/** «Ход работы»: everything that happened to the case, oldest first, times in the tenant's zone. */
export function CaseTimeline({ item }: { item: CaseDetail }) {
  const workflow = findCaseWorkflow(item);
  const items = item.history.map((entry) => {
    const parts = describePayload(entry, workflow);
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
