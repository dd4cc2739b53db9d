import { App, Space, Typography } from 'antd';
import { ATTACHMENT_ORIGIN_TITLES, ATTACHMENT_ORIGINS } from '../../../../shared/attachments.js';
import type { CaseAttachment } from '../../../../shared/contracts/attachments.contract.js';
import type { CaseDetail } from '../../../../shared/contracts/cases.contract.js';
import { hasPermission } from '../../../../shared/permissions.js';
import { useCurrentUser } from '../../auth/hooks/use-session.js';
import { useRemoveAttachment } from '../hooks/use-attachments.js';
import { AttachmentDropzone } from './AttachmentDropzone.js';
import { AttachmentList } from './AttachmentList.js';

/** «Вложения» of the card: the resident's files, the work's materials and generated documents; upload by drop. */
export function CaseAttachmentsSection({ item }: { item: CaseDetail }) {
  const user = useCurrentUser();
  const remove = useRemoveAttachment(item.id);
  const { message } = App.useApp();
  const canAttach = user !== null && hasPermission(user.roles, 'cases.attach');
  const canManage = user !== null && hasPermission(user.roles, 'cases.attachments_manage');
  const canRemove = (attachment: CaseAttachment) =>
    attachment.origin === 'staff' && (canManage || (user !== null && attachment.uploadedById === user.id));

  const removeFile = (attachment: CaseAttachment) =>
    remove.mutate(attachment.id, {
      onSuccess: () => void message.success(`Файл «${attachment.fileName}» удалён.`),
      onError: (error) => void message.error(error.message),
    });

  return (
    <div data-testid="case-attachments">
      <Typography.Title level={5} style={{ marginTop: 0 }}>
        Вложения
      </Typography.Title>
      <Space orientation="vertical" size={8} style={{ width: '100%' }}>
        {item.attachments.length === 0 ? <Typography.Text type="secondary">Файлов нет.</Typography.Text> : null}
        {ATTACHMENT_ORIGINS.map((origin) => {
          const files = item.attachments.filter((attachment) => attachment.origin === origin);
          return files.length === 0 ? null : (
            <div key={origin} data-origin={origin}>
              <Typography.Text type="secondary" style={{ fontSize: 12, display: 'block', marginBottom: 4 }}>
                {ATTACHMENT_ORIGIN_TITLES[origin]}
              </Typography.Text>
              <AttachmentList
                attachments={files}
                canRemove={canRemove}
                onRemove={removeFile}
                removingId={remove.isPending ? remove.variables : undefined}
              />
            </div>
          );
        })}
        {canAttach ? <AttachmentDropzone caseId={item.id} hint="Фото и документы по сообщению." /> : null}
      </Space>
    </div>
  );
}
