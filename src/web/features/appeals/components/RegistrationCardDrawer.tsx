import { Button, Drawer, Skeleton, Space } from 'antd';
import { ErrorAlert } from '../../../components/ErrorAlert.js';
import { cardPdfUrl } from '../api/appeals.api.js';
import { useRegistrationCard } from '../hooks/use-appeals.js';
import { RegistrationCardView } from './RegistrationCardView.js';

/** The card beside the journal: print it from the browser (a print view) or open the PDF. */
export function RegistrationCardDrawer({ caseId, onClose }: { caseId: string | null; onClose: () => void }) {
  const card = useRegistrationCard(caseId);
  return (
    <Drawer
      open={caseId !== null}
      onClose={onClose}
      size="large"
      title="Регистрационная карточка"
      extra={
        caseId ? (
          <Space>
            <Button href={`/appeals/${caseId}/print`} target="_blank">
              Печать
            </Button>
            <Button href={cardPdfUrl(caseId)} target="_blank">
              PDF
            </Button>
          </Space>
        ) : null
      }
    >
      {card.isPending ? <Skeleton active /> : null}
      {card.error ? <ErrorAlert error={card.error} /> : null}
      {card.data ? <RegistrationCardView card={card.data} /> : null}
    </Drawer>
  );
}
