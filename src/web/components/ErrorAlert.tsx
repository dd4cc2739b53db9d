import { Alert, Button } from 'antd';
import { isApiError } from '../platform/http-client.js';

type ErrorAlertProps = {
  error: unknown;
  title?: string;
  onRetry?: () => void;
};

export function describeError(error: unknown): string {
  if (isApiError(error)) {
    return error.message;
  }
  return 'Что-то пошло не так. Обновите страницу; если ошибка повторится, сообщите администратору.';
}

/** Shows the server's Russian message, and the request id the administrator can look up in the logs. */
export function ErrorAlert({ error, title, onRetry }: ErrorAlertProps) {
  const requestId = isApiError(error) ? error.requestId : undefined;
  const hasDescription = Boolean(title) || Boolean(requestId);
  return (
    <Alert
      type="error"
      showIcon
      title={title ?? describeError(error)}
      description={
        hasDescription ? (
          <>
            {title ? <div>{describeError(error)}</div> : null}
            {requestId ? <div>Код запроса для администратора: {requestId}</div> : null}
          </>
        ) : undefined
      }
      action={
        onRetry ? (
          <Button size="small" onClick={onRetry}>
            Повторить
          </Button>
        ) : undefined
      }
    />
  );
}
