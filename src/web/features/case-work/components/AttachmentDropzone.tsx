import { Alert, Typography, Upload } from 'antd';
import { useState } from 'react';
import { ATTACHMENT_ACCEPT, ATTACHMENT_MAX_BYTES } from '../../../../shared/attachments.js';
import type { CaseAttachment } from '../../../../shared/contracts/attachments.contract.js';
import { useUploadAttachment } from '../hooks/use-attachments.js';

type AttachmentDropzoneProps = {
  caseId: string;
  hint: string;
  onUploaded?: (attachment: CaseAttachment) => void;
};

const MEGABYTES = ATTACHMENT_MAX_BYTES / 1024 / 1024;

/** Drop files here (or click): each is sent on its own; what the server refuses is named with the reason. */
export function AttachmentDropzone({ caseId, hint, onUploaded }: AttachmentDropzoneProps) {
  const upload = useUploadAttachment(caseId);
  const [errors, setErrors] = useState<string[]>([]);
  const [pending, setPending] = useState(0);

  const send = async (file: File) => {
    if (file.size > ATTACHMENT_MAX_BYTES) {
      setErrors((current) => [...current, `Файл «${file.name}» больше ${MEGABYTES} МБ.`]);
      return;
    }
    setPending((count) => count + 1);
    try {
      const stored = await upload.mutateAsync(file);
      onUploaded?.(stored);
    } catch (error) {
      setErrors((current) => [...current, error instanceof Error ? error.message : `Файл «${file.name}» не загружен.`]);
    } finally {
      setPending((count) => count - 1);
    }
  };

  return (
    <div data-testid="attachment-dropzone">
      <Upload.Dragger
        multiple
        accept={ATTACHMENT_ACCEPT}
        showUploadList={false}
        beforeUpload={(file) => {
          setErrors([]);
          void send(file);
          return false;
        }}
        style={{ padding: 4 }}
      >
        <Typography.Text>
          {pending > 0 ? `Загружается файлов: ${pending}…` : 'Перетащите файлы сюда или нажмите'}
        </Typography.Text>
        <br />
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {hint} Фото JPEG, PNG, WebP, GIF; PDF, DOCX, XLSX, ODT, текст — до {MEGABYTES} МБ.
        </Typography.Text>
      </Upload.Dragger>
      {errors.length > 0 ? (
        <Alert
          type="error"
          showIcon
          style={{ marginTop: 8 }}
          title={errors.length === 1 ? errors[0] : 'Не все файлы загружены'}
          description={errors.length > 1 ? errors.join(' ') : undefined}
          data-testid="attachment-upload-error"
        />
      ) : null}
    </div>
  );
}
