import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Popconfirm, Space, Tag, Tooltip } from 'antd';
import type { CaseDetail } from '../../../../shared/contracts/cases.contract.js';
import { hasPermission } from '../../../../shared/permissions.js';
import { describeError } from '../../../components/ErrorAlert.js';
import { useCurrentUser } from '../../auth/hooks/use-session.js';
import { fetchPosCaseLink, requestPosAppeal } from '../api/appeals.api.js';
import { keepAnswerOfSameCase, posLinkQueryKey } from '../api/pos-link-query.js';

/**
 * «Зарегистрировать в ПОС» on the card of a case of another channel (docs/pos-sync.md), for those who keep
 * the integration. It queues the registration, then shows where the case stands: waiting in the outbox,
 * refused by the platform (with the reason; it may be asked again), or the platform's number and status.
 */
export function RegisterInPosButton({ item }: { item: CaseDetail }) {
  const user = useCurrentUser();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const isOffered = Boolean(user && hasPermission(user.roles, 'pos_sync.manage')) && item.channel !== 'pos';
  const link = useQuery({
    queryKey: posLinkQueryKey(item.id, item.history.length),
    queryFn: ({ signal }) => fetchPosCaseLink(item.id, signal),
    enabled: isOffered,
    placeholderData: keepAnswerOfSameCase(item.id),
  });
  const mutation = useMutation({
    mutationFn: () => requestPosAppeal(item.id),
    onSuccess: (result) => {
      void message.success(result.message);
      void queryClient.invalidateQueries({ queryKey: ['pos-sync'] });
    },
    onError: (error) => void message.error(describeError(error)),
  });
  // Where the state cannot be read, the button stays: the server's answer to it says what is wrong.
  const state = link.data ?? (link.isError ? { state: 'none' as const, lastError: null } : undefined);
  if (!isOffered || !state) return null;
  if (state.state === 'linked' && link.data) {
    return (
      <Tag color="blue" data-testid="pos-link">
        В ПОС № {link.data.externalId}
        {link.data.statusTitle ? ` · ${link.data.statusTitle}` : ''}
      </Tag>
    );
  }
  if (state.state === 'queued') {
    return (
      <Tooltip title={state.lastError ? `Последняя попытка: ${state.lastError}` : undefined}>
        <Tag color="gold" data-testid="pos-link">
          Ждёт отправки в ПОС
        </Tag>
      </Tooltip>
    );
  }
  const button = (
    <Popconfirm
      title="Зарегистрировать сообщение в ПОС?"
      description="Обращение появится на платформе «Госуслуги. Решаем вместе»; её статусы будут приходить в ход."
      okText="Зарегистрировать"
      cancelText="Отмена"
      onConfirm={() => mutation.mutate()}
    >
      <Button loading={mutation.isPending} data-testid="register-in-pos">
        Зарегистрировать в ПОС
      </Button>
    </Popconfirm>
  );
  if (state.state === 'failed') {
    return (
      <Space size={8} wrap>
        <Tag color="red" data-testid="pos-link">
          ПОС не принял: {state.lastError ?? 'причина не указана'}
        </Tag>
        {button}
      </Space>
    );
  }
  return button;
}
