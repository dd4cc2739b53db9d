import { Link } from '@tanstack/react-router';
import { Empty, Progress, Tooltip } from 'antd';
import type { ReactNode } from 'react';
import { formatCount } from '../../../lib/numbers.js';
import type { CasesSearch } from '../../cases/api/cases-search.js';

export type BreakdownRow = {
  key: string;
  label: ReactNode;
  count: number;
  /** The case list filtered to exactly these cases. */
  link: CasesSearch;
};

type BreakdownListProps = {
  rows: BreakdownRow[];
  testId: string;
};

/**
 * One line per group: its name, a bar against the largest group (its share of the whole in the tooltip), and
 * the count leading to the list.
 */
export function BreakdownList({ rows, testId }: BreakdownListProps) {
  const total = rows.reduce((sum, row) => sum + row.count, 0);
  const largest = Math.max(...rows.map((row) => row.count));
  if (rows.length === 0 || total === 0) {
    return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="Пока нет ни одного сообщения" />;
  }
  const sorted = [...rows].sort((left, right) => right.count - left.count);
  return (
    <div
      data-testid={testId}
      style={{ display: 'grid', gridTemplateColumns: 'minmax(150px, 40%) 1fr auto', gap: '6px 12px' }}
    >
      {sorted.map((row) => {
        const share = (row.count / total) * 100;
        return (
          <div key={row.key} style={{ display: 'contents' }}>
            <div style={{ overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }}>{row.label}</div>
            <Tooltip title={`${share.toFixed(1).replace('.', ',')} % от всех`}>
              <Progress
                percent={(row.count / largest) * 100}
                showInfo={false}
                size="small"
                status="normal"
                style={{ margin: 0 }}
              />
            </Tooltip>
            <div style={{ textAlign: 'right', fontVariantNumeric: 'tabular-nums' }}>
              <Link to="/cases" search={row.link}>
                {formatCount(row.count)}
              </Link>
            </div>
          </div>
        );
      })}
    </div>
  );
}
