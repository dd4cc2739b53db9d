import { createTransport, type NodemailerError } from 'nodemailer';
import type { AppConfig } from '../../platform/config.js';
import { renderEmail } from './notification-message.js';
import { type DeliverySender, describeUnknownError, type SendOutcome } from './notification-sender.js';

/** Short waits: a delivery holds its lease while it is being sent, and a hung server must not hold it long. */
const SMTP_TIMEOUTS = { connectionTimeout: 15_000, greetingTimeout: 15_000, socketTimeout: 30_000, dnsTimeout: 10_000 };

export const SMTP_NOT_CONFIGURED = 'Отправка e-mail не настроена на сервере: не задана переменная SMTP_URL.';

/** E-mail over SMTP with nodemailer; without SMTP_URL every e-mail delivery is skipped with the reason. */
export function createEmailSender(config: Pick<AppConfig, 'smtpUrl' | 'smtpFrom' | 'publicUrl'>): DeliverySender {
  const { smtpUrl } = config;
  if (!smtpUrl) {
    return { send: async () => ({ status: 'skipped', reason: SMTP_NOT_CONFIGURED }) };
  }
  const transport = createTransport({ url: smtpUrl, ...SMTP_TIMEOUTS });
  return {
    async send(delivery): Promise<SendOutcome> {
      const { subject, text } = renderEmail(delivery.content, config.publicUrl);
      try {
        await transport.sendMail({
          from: config.smtpFrom,
          to: delivery.address,
          subject,
          text,
          attachments: delivery.attachments.map((attachment) => ({
            filename: attachment.fileName,
            content: attachment.content,
            contentType: attachment.contentType,
          })),
          headers: { 'Auto-Submitted': 'auto-generated', 'X-Otklik-Delivery': delivery.deliveryId },
        });
        return { status: 'sent' };
      } catch (error) {
        return classifySmtpError(error);
      }
    },
  };
}

function isNodemailerError(error: unknown): error is NodemailerError {
  return error instanceof Error;
}

/**
 * A 5xx reply about the message or the mailbox is final; anything else (no connection, 4xx, timeouts, and a
 * rejected login, which is the server's configuration and may be fixed) is tried again later.
 */
export function classifySmtpError(error: unknown): SendOutcome {
  if (!isNodemailerError(error)) return { status: 'retry', error: `Почтовый сервер: ${describeUnknownError(error)}` };
  const reply = error.responseCode ? `${error.responseCode} ${error.response ?? error.message}` : error.message;
  if (error.code === 'EAUTH') {
    return { status: 'retry', error: `Почтовый сервер не принял логин и пароль из SMTP_URL: ${reply}` };
  }
  if (error.permanent) return { status: 'failed', error: `Почтовый сервер отклонил письмо: ${reply}` };
  const code = error.code ? ` (${error.code})` : '';
  return { status: 'retry', error: `Почтовый сервер недоступен или временно отказал${code}: ${reply}` };
}
