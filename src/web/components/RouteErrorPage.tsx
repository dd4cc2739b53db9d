import { type ErrorComponentProps, useRouter } from '@tanstack/react-router';
import { Button, Result } from 'antd';
import { describeError } from './ErrorAlert.js';
import { useDocumentTitle } from './use-document-title.js';

/** Shown when a page cannot be opened at all (for example, the server is unreachable on the first load). */
export function RouteErrorPage({ error, reset }: ErrorComponentProps) {
  const router = useRouter();
  useDocumentTitle('Ошибка');
  return (
    <Result
      status="error"
      title="Не удалось открыть страницу"
      subTitle={describeError(error)}
      extra={
        <Button
          type="primary"
          onClick={() => {
            reset();
            void router.invalidate();
          }}
        >
          Повторить
        </Button>
      }
    />
  );
}
