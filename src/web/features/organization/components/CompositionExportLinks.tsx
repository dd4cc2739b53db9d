import { Space, Typography } from 'antd';
import { buildCompositionExportUrl } from '../api/organization.api.js';

/** Plain links: the browser downloads the file with the session cookie, no script in between. */
export function CompositionExportLinks({ compositionId }: { compositionId: string }) {
  return (
    <Space size={12}>
      <Typography.Link href={buildCompositionExportUrl(compositionId, 'xlsx')} download>
        Скачать XLSX
      </Typography.Link>
      <Typography.Link href={buildCompositionExportUrl(compositionId, 'csv')} download>
        CSV
      </Typography.Link>
    </Space>
  );
}
