import { Button } from 'antd';
import { useState } from 'react';
import { hasPermission } from '../../../../shared/permissions.js';
import { useCurrentUser } from '../../auth/hooks/use-session.js';
import { RegisterCaseModal } from './RegisterCaseModal.js';

/** «Зарегистрировать» on the cases page: for a municipality's staff who may register cases. */
export function RegisterCaseButton({ onCreated }: { onCreated: (caseId: string) => void }) {
  const user = useCurrentUser();
  const [isOpen, setIsOpen] = useState(false);
  if (user?.tenant.kind !== 'municipality' || !hasPermission(user.roles, 'cases.create')) {
    return null;
  }
  return (
    <>
      <Button type="primary" onClick={() => setIsOpen(true)}>
        Зарегистрировать
      </Button>
      {isOpen ? (
        <RegisterCaseModal
          onClose={() => setIsOpen(false)}
          onCreated={(created) => {
            setIsOpen(false);
            onCreated(created.id);
          }}
        />
      ) : null}
    </>
  );
}
