import { Space, Tag } from 'antd';
import { ROLE_TITLES, type Role } from '../../../../shared/roles.js';

export function RoleTags({ roles }: { roles: readonly Role[] }) {
  if (roles.length === 0) {
    return <span>—</span>;
  }
  return (
    <Space size={[4, 4]} wrap>
      {roles.map((role) => (
        // A long title («Ответственный за Инцидент менеджмент») wraps inside a narrow column instead of spilling over.
        <Tag key={role} style={{ marginInlineEnd: 0, whiteSpace: 'normal' }}>
          {ROLE_TITLES[role]}
        </Tag>
      ))}
    </Space>
  );
}

export function ActiveTag({ isActive }: { isActive: boolean }) {
  return isActive ? (
    <Tag color="green" style={{ marginInlineEnd: 0 }}>
      Активен
    </Tag>
  ) : (
    <Tag style={{ marginInlineEnd: 0 }}>Отключён</Tag>
  );
}
