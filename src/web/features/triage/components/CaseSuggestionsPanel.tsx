import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Flex, Progress, Space, Tag, Tooltip, Typography } from 'antd';
import type { CaseDetail } from '../../../../shared/contracts/cases.contract.js';
import {
  TRIAGE_TARGET_TITLES,
  TRIAGE_TARGETS,
  type TriageSuggestion,
  type TriageTarget,
} from '../../../../shared/contracts/triage.contract.js';
import { hasPermission } from '../../../../shared/permissions.js';
import { describeError } from '../../../components/ErrorAlert.js';
import { useCurrentUser } from '../../auth/hooks/use-session.js';
import { applyCaseSuggestion, describeFieldReason, fetchCaseSuggestions, formatConfidence } from '../api/triage.api.js';

const CLOSED_STATUSES = new Set(['closed', 'rejected']);

/**
 * «Подсказки классификатора» of the card: the active model's top three per target with calibrated
 * confidence and the words that drove each; «Применить» sets the value in one click (audited on the server).
 */
export function CaseSuggestionsPanel({ item }: { item: CaseDetail }) {
  const user = useCurrentUser();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const queryKey = ['cases', 'detail', item.id, 'suggestions', item.version];
  const suggestions = useQuery({
    queryKey,
    queryFn: ({ signal }) => fetchCaseSuggestions(item.id, signal),
  });
  const apply = useMutation({
    mutationFn: (input: { target: TriageTarget; suggestion: TriageSuggestion }) =>
      applyCaseSuggestion(item.id, {
        target: input.target,
        value: input.suggestion.value,
        version: suggestions.data?.caseVersion ?? item.version,
      }),
    onSuccess: (_result, input) => {
      void message.success(`${TRIAGE_TARGET_TITLES[input.target]}: «${input.suggestion.label}» применено.`);
      void queryClient.invalidateQueries({ queryKey: ['cases'] });
    },
    onError: (error) => void message.error(describeError(error)),
  });
  const canApply = user !== null && hasPermission(user.roles, 'triage.apply') && !CLOSED_STATUSES.has(item.status);
  const data = suggestions.data;

  return (
    <Card size="small" title="Подсказки классификатора" data-testid="case-suggestions">
      {suggestions.isPending ? <Typography.Text type="secondary">Загрузка…</Typography.Text> : null}
      {suggestions.isError ? <Typography.Text type="danger">{describeError(suggestions.error)}</Typography.Text> : null}
      {data && !data.model ? (
        <Typography.Text type="secondary">
          Модель ещё не обучена: её обучают на отвеченных и завершённых сообщениях муниципалитета (раздел «Модели
          классификатора»).
        </Typography.Text>
      ) : null}
      {data?.model ? (
        <Space orientation="vertical" size={12} style={{ width: '100%' }}>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            Модель версии {data.model.version}
            {data.autoApplyThreshold === null
              ? ' · автоприменение выключено'
              : ` · автоприменение от ${formatConfidence(data.autoApplyThreshold)}`}
          </Typography.Text>
          {TRIAGE_TARGETS.map((target) => (
            <div key={target} data-target={target}>
              <Typography.Text strong>{TRIAGE_TARGET_TITLES[target]}</Typography.Text>
              {data.targets[target].length === 0 ? (
                <Typography.Text type="secondary" style={{ display: 'block' }}>
                  Модель этого не предсказывает.
                </Typography.Text>
              ) : null}
              {data.targets[target].map((suggestion) => (
                <Flex
                  key={suggestion.value}
                  gap={8}
                  align="center"
                  wrap
                  style={{ marginTop: 4 }}
                  data-testid="case-suggestion"
                >
                  <Tooltip title="Уверенность модели (откалибрована на последних сообщениях)">
                    <Progress
                      type="circle"
                      size={36}
                      percent={Math.round(suggestion.confidence * 100)}
                      format={(percent) => `${percent}`}
                    />
                  </Tooltip>
                  <Typography.Text style={{ flex: '1 1 200px' }}>{suggestion.label}</Typography.Text>
                  {suggestion.isCurrent ? (
                    <Tag color="green">уже указано</Tag>
                  ) : canApply ? (
                    <Button
                      size="small"
                      loading={apply.isPending && apply.variables?.suggestion.value === suggestion.value}
                      onClick={() => apply.mutate({ target, suggestion })}
                    >
                      Применить
                    </Button>
                  ) : null}
                  {suggestion.reasons.length > 0 ? (
                    <Flex gap={4} wrap style={{ flexBasis: '100%', paddingLeft: 44 }}>
                      {suggestion.reasons.map((reason) => (
                        <Tag key={`${reason.kind}:${reason.text}`} color={reason.kind === 'field' ? 'blue' : undefined}>
                          {reason.kind === 'field' ? describeFieldReason(reason.text) : reason.text}
                        </Tag>
                      ))}
                    </Flex>
                  ) : null}
                </Flex>
              ))}
            </div>
          ))}
        </Space>
      ) : null}
    </Card>
  );
}
