import { useMutation, useQueryClient } from '@tanstack/react-query';
import { removeAttachment, uploadAttachment } from '../api/attachments.api.js';

/** After a file is added or removed the card (its files and timeline) is read again. */
function useRefreshCard(caseId: string) {
  const queryClient = useQueryClient();
  return () => void queryClient.invalidateQueries({ queryKey: ['cases', 'detail', caseId] });
}

export function useUploadAttachment(caseId: string) {
  const refresh = useRefreshCard(caseId);
  return useMutation({ mutationFn: (file: File) => uploadAttachment(caseId, file), onSuccess: refresh });
}

export function useRemoveAttachment(caseId: string) {
  const refresh = useRefreshCard(caseId);
  return useMutation({
    mutationFn: (attachmentId: string) => removeAttachment(caseId, attachmentId),
    onSuccess: refresh,
  });
}
