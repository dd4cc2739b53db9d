import { Card, Col, Descriptions, Row, Space, Tag, Typography } from 'antd';
import { ROLE_TITLES } from '../../../../shared/roles.js';
import { useDocumentTitle } from '../../../components/use-document-title.js';
import { useCurrentUser } from '../../auth/hooks/use-session.js';
import { NotificationPreferencesCard } from '../../notifications/components/NotificationPreferencesCard.js';
import { ChangePasswordForm } from './ChangePasswordForm.js';

const TENANT_KIND_TITLES = {
  region: 'Регион (ЦУР)',
  municipality: 'Муниципальное образование (МЦУ)',
} as const;

export function ProfilePage() {
  const user = useCurrentUser();
  useDocumentTitle('Профиль');
  if (!user) {
    return null;
  }

  return (
    <>
      <Typography.Title level={4} style={{ marginTop: 0 }}>
        Профиль
      </Typography.Title>
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={12}>
          <Card size="small" title="Учётная запись">
            <Descriptions
              size="small"
              column={1}
              bordered
              styles={{ label: { width: 160 } }}
              items={[
                { key: 'fullName', label: 'ФИО', children: user.fullName },
                { key: 'login', label: 'Логин', children: user.login },
                { key: 'tenant', label: 'Организация', children: user.tenant.name },
                { key: 'tenantKind', label: 'Уровень', children: TENANT_KIND_TITLES[user.tenant.kind] },
                { key: 'timezone', label: 'Часовой пояс', children: user.tenant.timezone },
                {
                  key: 'roles',
                  label: 'Роли',
                  children: (
                    <Space size={[4, 4]} wrap>
                      {user.roles.map((role) => (
                        <Tag key={role} style={{ marginInlineEnd: 0 }}>
                          {ROLE_TITLES[role]}
                        </Tag>
                      ))}
                    </Space>
                  ),
                },
              ]}
            />
          </Card>
        </Col>
        <Col xs={24} xl={12}>
          <Card size="small" title="Смена пароля">
            <ChangePasswordForm />
          </Card>
        </Col>
        <Col xs={24} xl={12}>
          <NotificationPreferencesCard />
        </Col>
      </Row>
    </>
  );
}
