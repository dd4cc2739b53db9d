import { Descriptions, Tag, Typography } from 'antd';
import { CHANNEL_TITLES } from '../../../../shared/channels.js';
import {
  APPEAL_TYPE_TITLES,
  type AppealControl,
  CONTROL_STATE_TITLES,
  RECEIPT_FORM_TITLES,
  type RegistrationCard,
} from '../../../../shared/contracts/appeals.contract.js';
import { formatDateTime } from '../../../lib/dates.js';

const CONTROL_COLORS = { met: 'green', late: 'orange', running: 'blue', overdue: 'red', none: 'default' } as const;

export function ControlTag({ control }: { control: AppealControl }) {
  return (
    <Tag color={CONTROL_COLORS[control.state]}>
      {CONTROL_STATE_TITLES[control.state]}
      {control.dueAt ? ` · срок ${formatDateTime(control.dueAt)}` : ''}
    </Tag>
  );
}

/** The registration card as a page to read and print (the same rows as the PDF). */
export function RegistrationCardView({ card }: { card: RegistrationCard }) {
  return (
    <div className="registration-card" data-testid="registration-card">
      <Typography.Text type="secondary">{card.tenantName}</Typography.Text>
      <Typography.Title level={4} style={{ marginTop: 4 }}>
        Регистрационная карточка обращения № <span data-testid="registration-number">{card.number}</span>
      </Typography.Title>
      <Descriptions column={1} size="small" bordered>
        <Descriptions.Item label="Дата регистрации">{formatDateTime(card.registeredAt)}</Descriptions.Item>
        <Descriptions.Item label="Дата поступления">{formatDateTime(card.receivedAt)}</Descriptions.Item>
        <Descriptions.Item label="Форма поступления">
          {RECEIPT_FORM_TITLES[card.receiptForm]} ({CHANNEL_TITLES[card.channel]})
        </Descriptions.Item>
        <Descriptions.Item label="Вид обращения">{APPEAL_TYPE_TITLES[card.appealType]}</Descriptions.Item>
        <Descriptions.Item label="Коллективное">
          {card.isCollective ? `да, подписавших: ${card.signatoryCount}` : 'нет (индивидуальное)'}
        </Descriptions.Item>
        <Descriptions.Item label="Код типового классификатора">
          {card.classifierCode
            ? `${card.classifierCode}${card.classifierName ? ` — ${card.classifierName}` : ''}`
            : '—'}
        </Descriptions.Item>
        <Descriptions.Item label="Заявитель">{card.applicantName}</Descriptions.Item>
        <Descriptions.Item label="Почтовый адрес">{card.applicantAddress ?? '—'}</Descriptions.Item>
        <Descriptions.Item label="Электронная почта">{card.applicantEmail ?? '—'}</Descriptions.Item>
        <Descriptions.Item label="Телефон">{card.applicantPhone ?? '—'}</Descriptions.Item>
        <Descriptions.Item label="Адрес проблемы">{card.address ?? '—'}</Descriptions.Item>
        <Descriptions.Item label="Повторное">
          {card.isRepeat
            ? `да, ранее: ${card.repeatOf.map((item) => `№ ${item.number} от ${formatDateTime(item.registeredAt)}`).join(', ')}`
            : 'нет'}
        </Descriptions.Item>
        <Descriptions.Item label="Регистрация (3 дня)">
          <ControlTag control={card.controls.registration} />
        </Descriptions.Item>
        <Descriptions.Item label="Уведомление (7 дней)">
          <ControlTag control={card.controls.notice} />
        </Descriptions.Item>
        <Descriptions.Item label="Ответ (30 дней)">
          <ControlTag control={card.controls.answer} />
        </Descriptions.Item>
        <Descriptions.Item label="Состояние">{card.stateTitle}</Descriptions.Item>
        <Descriptions.Item label="Зарегистрировал">{card.registeredByName ?? '—'}</Descriptions.Item>
        <Descriptions.Item label="Номер в Отклике">{card.caseNumber}</Descriptions.Item>
      </Descriptions>
      <Typography.Title level={5} style={{ marginTop: 16 }}>
        Содержание обращения
      </Typography.Title>
      <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }}>{card.text}</Typography.Paragraph>
    </div>
  );
}
