import { Tag } from 'antd';
import { CASE_STATUS_TITLES, type CaseStatus } from '../../../../shared/channels.js';

/** Blue for the new, warm for work under way, green for answered, grey for finished. */
export const CASE_STATUS_COLORS: Record<CaseStatus, string> = {
  new: 'blue',
  moderation: 'purple',
  in_work: 'orange',
  answer_review: 'cyan',
  answered: 'green',
  closed: 'default',
  rejected: 'volcano',
};

export function CaseStatusTag({ status }: { status: CaseStatus }) {
  return (
    <Tag color={CASE_STATUS_COLORS[status]} style={{ marginInlineEnd: 0 }}>
      {CASE_STATUS_TITLES[status]}
    </Tag>
  );
}
