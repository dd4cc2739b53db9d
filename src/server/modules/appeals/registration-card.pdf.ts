import { createRequire } from 'node:module';
import path from 'node:path';
import pdfmake from 'pdfmake';
import type { TDocumentDefinitions } from 'pdfmake/interfaces.js';
import { CHANNEL_TITLES } from '../../../shared/channels.js';
import {
  APPEAL_TYPE_TITLES,
  type AppealControl,
  CONTROL_STATE_TITLES,
  RECEIPT_FORM_TITLES,
  type RegistrationCard,
} from '../../../shared/contracts/appeals.contract.js';

/**
 * The printable registration card as PDF (pdfmake on the server with its bundled Roboto, which has
 * Cyrillic). pdfmake may read local files and URLs named in a document: only the four Roboto files are
 * allowed, and no URL at all.
 */
const require = createRequire(import.meta.url);
const fontDirectory = path.join(path.dirname(require.resolve('pdfmake/package.json')), 'fonts', 'Roboto');
const FONT_FILES = {
  normal: path.join(fontDirectory, 'Roboto-Regular.ttf'),
  bold: path.join(fontDirectory, 'Roboto-Medium.ttf'),
  italics: path.join(fontDirectory, 'Roboto-Italic.ttf'),
  bolditalics: path.join(fontDirectory, 'Roboto-MediumItalic.ttf'),
};
const ALLOWED_FILES = new Set(Object.values(FONT_FILES));

let isConfigured = false;
function configure(): void {
  if (isConfigured) return;
  pdfmake.setFonts({ Roboto: FONT_FILES });
  pdfmake.setUrlAccessPolicy(() => false);
  pdfmake.setLocalAccessPolicy((file) => ALLOWED_FILES.has(path.resolve(file)));
  isConfigured = true;
}

function formatMoment(iso: string | null, timeZone: string): string {
  if (!iso) return '—';
  return new Intl.DateTimeFormat('ru-RU', {
    timeZone,
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  }).format(new Date(iso));
}

function describeControl(control: AppealControl, timeZone: string): string {
  if (control.state === 'none') return CONTROL_STATE_TITLES.none;
  const due = `срок ${formatMoment(control.dueAt, timeZone)}`;
  const done = control.doneAt ? `, выполнено ${formatMoment(control.doneAt, timeZone)}` : '';
  return `${CONTROL_STATE_TITLES[control.state]} (${due}${done})`;
}

/** The card's rows as label → value, shared by the PDF and the tests. */
export function describeCard(card: RegistrationCard, timeZone: string): Array<[string, string]> {
  return [
    ['Регистрационный номер', card.number],
    ['Дата регистрации', formatMoment(card.registeredAt, timeZone)],
    ['Дата поступления', formatMoment(card.receivedAt, timeZone)],
    ['Форма поступления', RECEIPT_FORM_TITLES[card.receiptForm]],
    ['Канал', CHANNEL_TITLES[card.channel]],
    ['Вид обращения', APPEAL_TYPE_TITLES[card.appealType]],
    ['Коллективное', card.isCollective ? `да, подписавших: ${card.signatoryCount}` : 'нет (индивидуальное)'],
    [
      'Код типового классификатора',
      card.classifierCode ? `${card.classifierCode}${card.classifierName ? ` — ${card.classifierName}` : ''}` : '—',
    ],
    ['Заявитель', card.applicantName],
    ['Почтовый адрес', card.applicantAddress ?? '—'],
    ['Электронная почта', card.applicantEmail ?? '—'],
    ['Телефон', card.applicantPhone ?? '—'],
    ['Адрес проблемы', card.address ?? '—'],
    [
      'Повторное',
      card.isRepeat
        ? `да, ранее: ${card.repeatOf.map((item) => `${item.number} от ${formatMoment(item.registeredAt, timeZone).slice(0, 10)}`).join(', ')}`
        : 'нет',
    ],
    ['Контроль регистрации (3 дня)', describeControl(card.controls.registration, timeZone)],
    ['Контроль уведомления (7 дней)', describeControl(card.controls.notice, timeZone)],
    ['Срок ответа (30 дней)', describeControl(card.controls.answer, timeZone)],
    ['Состояние', card.stateTitle],
    ['Зарегистрировал', card.registeredByName ?? '—'],
    ['Номер в Отклике', card.caseNumber],
  ];
}

export function buildCardDocument(
  card: RegistrationCard,
  timeZone: string,
  options: { compress?: boolean } = {},
): TDocumentDefinitions {
  return {
    info: { title: `Регистрационная карточка ${card.number}`, creator: 'Отклик' },
    compress: options.compress ?? true,
    pageSize: 'A4',
    pageMargins: [40, 40, 40, 40],
    defaultStyle: { font: 'Roboto', fontSize: 10 },
    content: [
      { text: card.tenantName, style: 'caption' },
      { text: 'Регистрационная карточка обращения гражданина', style: 'title' },
      { text: 'Федеральный закон от 02.05.2006 № 59-ФЗ', style: 'caption', margin: [0, 0, 0, 12] },
      {
        table: {
          widths: [170, '*'],
          body: describeCard(card, timeZone).map(([label, value]) => [{ text: label, bold: true }, { text: value }]),
        },
        layout: 'lightHorizontalLines',
      },
      { text: 'Содержание обращения', style: 'heading' },
      { text: card.text },
    ],
    styles: {
      title: { fontSize: 15, bold: true, margin: [0, 4, 0, 2] },
      caption: { fontSize: 9, color: '#555555' },
      heading: { fontSize: 12, bold: true, margin: [0, 14, 0, 6] },
    },
  };
}

export async function renderCardPdf(
  card: RegistrationCard,
  timeZone: string,
  options: { compress?: boolean } = {},
): Promise<Buffer> {
  configure();
  const document = pdfmake.createPdf(buildCardDocument(card, timeZone, options));
  return document.getBuffer();
}
