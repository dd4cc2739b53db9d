import type { QueryClient } from '@tanstack/react-query';
import { type ErrorComponentProps, Link } from '@tanstack/react-router';
import { Button, Result } from 'antd';
import { hasPermission, type Permission } from '../../shared/permissions.js';
import { RouteErrorPage } from '../components/RouteErrorPage.js';
import { useDocumentTitle } from '../components/use-document-title.js';
import { sessionQueryOptions } from '../features/auth/api/session.query.js';

/** Thrown before a page opens when the user's roles do not give the permission the page needs. */
export class PermissionDeniedError extends Error {
  constructor() {
    super('Нет прав на этот раздел');
    this.name = 'PermissionDeniedError';
  }
}

/**
 * A section outside the user's roles is not opened at all (its menu item is hidden, but an address can be typed
 * or bookmarked); the server refuses its data with 403 anyway.
 */
export async function requirePermission(queryClient: QueryClient, permission: Permission): Promise<void> {
  const session = await queryClient.ensureQueryData(sessionQueryOptions);
  if (!session || !hasPermission(session.user.roles, permission)) {
    throw new PermissionDeniedError();
  }
}

function PermissionDeniedPage() {
  useDocumentTitle('Нет доступа');
  return (
    <Result
      status="403"
      title="Нет доступа"
      subTitle="Этот раздел недоступен для ваших ролей. Если он нужен для работы, обратитесь к администратору МЦУ."
      extra={
        <Link to="/overview">
          <Button type="primary">К обзору</Button>
        </Link>
      }
    />
  );
}

/** The error page of a section behind a permission: «Нет доступа», or the usual error page for anything else. */
export function PermissionErrorPage(props: ErrorComponentProps) {
  return props.error instanceof PermissionDeniedError ? <PermissionDeniedPage /> : <RouteErrorPage {...props} />;
}
