import { Button, Skeleton } from 'antd';
import { useEffect } from 'react';
import { ErrorAlert } from '../../../components/ErrorAlert.js';
import { useDocumentTitle } from '../../../components/use-document-title.js';
import { useRegistrationCard } from '../hooks/use-appeals.js';
import { RegistrationCardView } from './RegistrationCardView.js';

const PRINT_STYLE = '@media print { .no-print, .ant-layout-sider, .ant-layout-header { display: none !important; } }';

/** A print view of the card: the page opens the browser's print dialog once the card is on screen. */
export function RegistrationCardPrintPage({ caseId }: { caseId: string }) {
  const card = useRegistrationCard(caseId);
  useDocumentTitle(card.data ? `Карточка ${card.data.number}` : 'Регистрационная карточка');
  useEffect(() => {
    if (card.data && !navigator.webdriver) window.print();
  }, [card.data]);
  return (
    <div style={{ maxWidth: 820 }}>
      <style>{PRINT_STYLE}</style>
      <div className="no-print" style={{ marginBottom: 16 }}>
        <Button onClick={() => window.print()}>Печать</Button>
      </div>
      {card.isPending ? <Skeleton active /> : null}
      {card.error ? <ErrorAlert error={card.error} /> : null}
      {card.data ? <RegistrationCardView card={card.data} /> : null}
    </div>
  );
}
