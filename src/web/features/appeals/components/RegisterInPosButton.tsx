import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Popconfirm } from 'antd';
import type { CaseDetail } from '../../../../shared/contracts/cases.contract.js';
import { hasPermission } from '../../../../shared/permissions.js';
import { describeError } from '../../../components/ErrorAlert.js';
import { useCurrentUser } from '../../auth/hooks/use-session.js';
import { requestPosAppeal } from '../api/appeals.api.js';

/**
 * «Зарегистрировать в ПОС» on the card of a case of another channel (docs/pos-sync.md): queues the
 * registration; the timeline shows «Зарегистрировано в ПОС» once the outbox has delivered it.
 */
export function RegisterInPosButton({ item }: { item: CaseDetail }) {
  const user = useCurrentUser();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const mutation = useMutation({
    mutationFn: () => requestPosAppeal(item.id),
    onSuccess: (result) => {
      void message.success(result.message);
      void queryClient.invalidateQueries({ queryKey: ['pos-sync'] });
    },
    onError: (error) => void message.error(describeError(error)),
  });
  const isLinked = item.history.some((entry) => entry.action === 'pos-appeal-created');
  if (!user || !hasPermission(user.roles, 'pos_sync.manage') || item.channel === 'pos' || isLinked) return null;
  return (
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
}
