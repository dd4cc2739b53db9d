import { useNavigate } from '@tanstack/react-router';
import { Button, Result } from 'antd';
import { useDocumentTitle } from './use-document-title.js';

export function NotFoundPage() {
  const navigate = useNavigate();
  useDocumentTitle('Страница не найдена');
  return (
    <Result
      status="404"
      title="Страница не найдена"
      subTitle="Такой страницы в «Отклике» нет. Проверьте адрес или вернитесь к обзору."
      extra={
        <Button type="primary" onClick={() => void navigate({ to: '/' })}>
          К обзору
        </Button>
      }
    />
  );
}
