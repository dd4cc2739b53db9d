import { Button, Checkbox, Image, Popconfirm, Space, Typography } from 'antd';
import type { CaseAttachment } from '../../../../shared/contracts/attachments.contract.js';
import { downloadUrl, formatFileSize } from '../api/attachments.api.js';

type AttachmentListProps = {
  attachments: readonly CaseAttachment[];
  /** Small thumbnails without sizes (the draft answer, the timeline). */
  isCompact?: boolean;
  /** Checkboxes: which files go with the answer. */
  selectedIds?: readonly string[];
  onToggle?: (attachmentId: string, isSelected: boolean) => void;
  /** A remove button for the files `canRemove` allows. */
  canRemove?: (attachment: CaseAttachment) => boolean;
  onRemove?: (attachment: CaseAttachment) => void;
  removingId?: string | undefined;
};

/**
 * Files of a case: photos as thumbnails that open a preview, PDF opening in a new tab, everything else
 * as a download link.
 */
export function AttachmentList({
  attachments,
  isCompact = false,
  selectedIds,
  onToggle,
  canRemove,
  onRemove,
  removingId,
}: AttachmentListProps) {
  const size = isCompact ? 56 : 72;
  return (
    <Image.PreviewGroup>
      <Space size={[12, 8]} wrap align="start" data-testid="attachment-list">
        {attachments.map((attachment) => (
          <div
            key={attachment.id}
            data-testid="attachment-item"
            data-file-name={attachment.fileName}
            style={{ width: attachment.isImage ? (isCompact ? 96 : 150) : isCompact ? 'auto' : 220, maxWidth: 260 }}
          >
            {onToggle ? (
              <Checkbox
                checked={selectedIds?.includes(attachment.id) ?? false}
                onChange={(event) => onToggle(attachment.id, event.target.checked)}
                aria-label={`Приложить к ответу: ${attachment.fileName}`}
                style={{ marginBottom: 4 }}
              />
            ) : null}
            {attachment.isImage ? (
              <Image
                src={attachment.url}
                alt={attachment.fileName}
                width={size}
                height={size}
                style={{ objectFit: 'cover', borderRadius: 4, border: '1px solid #f0f0f0' }}
                data-testid="attachment-thumbnail"
              />
            ) : null}
            <div>
              <Typography.Link
                href={attachment.type === 'pdf' ? attachment.url : downloadUrl(attachment)}
                target={attachment.type === 'pdf' ? '_blank' : undefined}
                rel="noopener"
                title={attachment.fileName}
                ellipsis
                style={{ fontSize: 12, display: 'block', maxWidth: attachment.isImage ? (isCompact ? 96 : 150) : 240 }}
              >
                {attachment.fileName}
              </Typography.Link>
              {isCompact ? null : (
                <Typography.Text type="secondary" style={{ fontSize: 11 }}>
                  {formatFileSize(attachment.sizeBytes)}
                  {attachment.uploadedByName ? ` · ${attachment.uploadedByName}` : ''}
                </Typography.Text>
              )}
              {onRemove && canRemove?.(attachment) ? (
                <Popconfirm
                  title={`Удалить «${attachment.fileName}»?`}
                  okText="Удалить"
                  cancelText="Отмена"
                  onConfirm={() => onRemove(attachment)}
                >
                  <Button type="link" size="small" danger loading={removingId === attachment.id} style={{ padding: 0 }}>
                    удалить
                  </Button>
                </Popconfirm>
              ) : null}
            </div>
          </div>
        ))}
      </Space>
    </Image.PreviewGroup>
  );
}
