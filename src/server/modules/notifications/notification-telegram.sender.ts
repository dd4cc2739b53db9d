import type { AppConfig } from '../../platform/config.js';
import { renderTelegram } from './notification-message.js';
import { type DeliverySender, describeUnknownError, type SendOutcome } from './notification-sender.js';

const REQUEST_TIMEOUT_MS = 15_000;

export const TELEGRAM_NOT_CONFIGURED =
  'Отправка в Telegram не настроена на сервере: не задана переменная TELEGRAM_BOT_TOKEN.';

type TelegramAnswer = {
  ok?: boolean;
  description?: string;
  error_code?: number;
  parameters?: { retry_after?: number };
};

/**
 * Telegram through the Bot API `sendMessage` (plain text, no parse mode). Without TELEGRAM_BOT_TOKEN every
 * Telegram delivery is skipped with the reason.
 */
export function createTelegramSender(
  config: Pick<AppConfig, 'telegramBotToken' | 'telegramApiBase' | 'publicUrl'>,
): DeliverySender {
  const token = config.telegramBotToken;
  if (!token) {
    return { send: async () => ({ status: 'skipped', reason: TELEGRAM_NOT_CONFIGURED }) };
  }
  const endpoint = `${config.telegramApiBase}/bot${token}/sendMessage`;
  // The token is a password: it must never reach a log or the delivery row.
  const hideToken = (text: string) => text.replaceAll(token, '***');
  return {
    async send(delivery): Promise<SendOutcome> {
      let response: Response;
      try {
        response = await fetch(endpoint, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ chat_id: delivery.address, text: renderTelegram(delivery.content, config.publicUrl) }),
          signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
        });
      } catch (error) {
        return { status: 'retry', error: hideToken(`Telegram недоступен: ${describeUnknownError(error)}`) };
      }
      const answer = await readAnswer(response);
      if (response.ok && answer.ok !== false) return { status: 'sent' };
      return hideTokenIn(classifyTelegramAnswer(response.status, answer), hideToken);
    },
  };
}

async function readAnswer(response: Response): Promise<TelegramAnswer> {
  const text = await response.text().catch(() => '');
  try {
    const parsed: unknown = JSON.parse(text);
    return typeof parsed === 'object' && parsed !== null ? (parsed as TelegramAnswer) : {};
  } catch {
    return { description: text.slice(0, 200) };
  }
}

/**
 * 429: wait as long as Telegram says (`retry_after`). 400/403 (no such chat, the bot was blocked or never
 * started by the person): final. 401/404 (a wrong token) and 5xx: the server's side, tried again later.
 */
export function classifyTelegramAnswer(status: number, answer: TelegramAnswer): SendOutcome {
  const description = answer.description ?? `HTTP ${status}`;
  if (status === 429) {
    const retryAfterSeconds = Math.max(1, Math.ceil(answer.parameters?.retry_after ?? 30));
    return {
      status: 'retry',
      error: `Telegram ограничил частоту отправки (429), повтор через ${retryAfterSeconds} с: ${description}`,
      retryAfterSeconds,
    };
  }
  if (status === 400 || status === 403) {
    return { status: 'failed', error: `Telegram отклонил сообщение (${status}): ${description}` };
  }
  if (status === 401 || status === 404) {
    return { status: 'retry', error: `Telegram не принял токен бота (${status}): проверьте TELEGRAM_BOT_TOKEN` };
  }
  return { status: 'retry', error: `Telegram временно не смог принять сообщение (${status}): ${description}` };
}

function hideTokenIn(outcome: SendOutcome, hide: (text: string) => string): SendOutcome {
  if (outcome.status === 'retry' || outcome.status === 'failed') return { ...outcome, error: hide(outcome.error) };
  return outcome;
}
