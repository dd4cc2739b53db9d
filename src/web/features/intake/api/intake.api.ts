import type {
  ImportRecordView,
  ImportReportView,
  UploadImportFormat,
} from '../../../../shared/contracts/intake.contract.js';
import { requestJson } from '../../../platform/http-client.js';

export function fetchImports(signal?: AbortSignal): Promise<ImportRecordView[]> {
  return requestJson<ImportRecordView[]>('/api/intake/imports', { signal });
}

export function uploadImport(input: {
  format: UploadImportFormat;
  file: File;
  skipInvalid: boolean;
}): Promise<ImportReportView> {
  const form = new FormData();
  form.append('skipInvalid', input.skipInvalid ? 'true' : 'false');
  // The file goes last: the server reads the fields before it streams the file.
  form.append('file', input.file, input.file.name);
  return requestJson<ImportReportView>(`/api/intake/imports/${input.format}`, { method: 'POST', body: form });
}
