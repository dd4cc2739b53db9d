import { Space, Typography } from 'antd';
import type { CaseAttachment } from '../../../../shared/contracts/attachments.contract.js';
import type { CaseDetail } from '../../../../shared/contracts/cases.contract.js';
import { AttachmentDropzone } from './AttachmentDropzone.js';
import { AttachmentList } from './AttachmentList.js';

type AttachmentPickerProps = {
  item: CaseDetail;
  hint: string;
  /** Set by Form.Item: the ids of the chosen files. */
  value?: string[];
  onChange?: (ids: string[]) => void;
};

/**
 * Which of the case's files go with the answer (or confirm a promise): tick the ones there are, or drop
 * new ones — a file just uploaded is ticked at once. Generated documents are not offered.
 */
export function AttachmentPicker({ item, hint, value = [], onChange }: AttachmentPickerProps) {
  const offered = item.attachments.filter((attachment) => attachment.origin !== 'generated');
  const toggle = (attachmentId: string, isSelected: boolean) => {
    const without = value.filter((id) => id !== attachmentId);
    onChange?.(isSelected ? [...without, attachmentId] : without);
  };
  const added = (attachment: CaseAttachment) => {
    onChange?.([...value.filter((id) => id !== attachment.id), attachment.id]);
  };
  return (
    <Space orientation="vertical" size={8} style={{ width: '100%' }} data-testid="attachment-picker">
      {offered.length > 0 ? (
        <AttachmentList attachments={offered} isCompact selectedIds={value} onToggle={toggle} />
      ) : (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          У сообщения пока нет файлов.
        </Typography.Text>
      )}
      <AttachmentDropzone caseId={item.id} hint={hint} onUploaded={added} />
    </Space>
  );
}
