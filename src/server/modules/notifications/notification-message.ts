import { isNotificationKind, NOTIFICATION_KIND_TITLES } from '../../../shared/contracts/notifications.contract.js';

/** What a delivery says: the notification as stored for the bell. */
export type NotificationContent = {
  kind: string;
  title: string;
  body: string;
  caseId: string | null;
  /** Told to an outside e-mail address (no account in Otklik): the e-mail points to no profile. */
  isForAddress?: boolean;
};

/** Telegram refuses a message longer than 4096 characters. */
export const TELEGRAM_TEXT_LIMIT = 4096;

export function caseLink(publicUrl: string, caseId: string): string {
  return `${publicUrl}/cases?caseId=${encodeURIComponent(caseId)}`;
}

function kindTitle(kind: string): string {
  return isNotificationKind(kind) ? NOTIFICATION_KIND_TITLES[kind] : kind;
}

/** The e-mail: plain text only (no HTML to escape or to be shown wrongly), Russian throughout. */
export function renderEmail(content: NotificationContent, publicUrl: string): { subject: string; text: string } {
  const lines = [content.title, '', content.body];
  if (content.caseId) lines.push('', `Открыть сообщение: ${caseLink(publicUrl, content.caseId)}`);
  lines.push(
    '',
    '—',
    `Это автоматическое уведомление «Отклика» (${kindTitle(content.kind)}); отвечать на него не нужно.`,
  );
  if (content.isForAddress) {
    lines.push('Адрес внесён в рассылку муниципального центра управления; чтобы её не получать, сообщите в МЦУ.');
  } else {
    lines.push(`Настроить уведомления: ${publicUrl}/profile`);
  }
  return { subject: `Отклик: ${content.title}`, text: lines.join('\n') };
}

/** The Telegram message: plain text (no parse mode, so nothing in it needs escaping), cut to Telegram's limit. */
export function renderTelegram(content: NotificationContent, publicUrl: string): string {
  const link = content.caseId ? `\n\nОткрыть сообщение: ${caseLink(publicUrl, content.caseId)}` : '';
  const head = `${content.title}\n\n`;
  const room = TELEGRAM_TEXT_LIMIT - head.length - link.length;
  const body = content.body.length > room ? `${content.body.slice(0, Math.max(0, room - 1))}…` : content.body;
  return `${head}${body}${link}`;
}
