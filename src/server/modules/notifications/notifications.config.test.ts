import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ConfigError, loadConfig } from '../../platform/config.js';

test('настройки уведомлений из окружения: по умолчанию e-mail и Telegram выключены, ссылка — на localhost:PORT', () => {
  const config = loadConfig({ PORT: '8080' });
  assert.equal(config.smtpUrl, undefined);
  assert.equal(config.telegramBotToken, undefined);
  assert.equal(config.telegramApiBase, 'https://api.telegram.org');
  assert.equal(config.publicUrl, 'http://localhost:8080');
  assert.equal(config.smtpFrom, 'Отклик <otklik@localhost>');
});

test('SMTP_URL, SMTP_FROM, TELEGRAM_*, OTKLIK_PUBLIC_URL читаются; косая черта в конце адреса снимается', () => {
  const config = loadConfig({
    SMTP_URL: 'smtps://mcu%40example.ru:секрет@smtp.example.ru:465',
    SMTP_FROM: 'МЦУ Заречного <mcu@example.ru>',
    TELEGRAM_BOT_TOKEN: '123456789:AAE-abc_DEF',
    TELEGRAM_API_BASE: 'http://127.0.0.1:8081/',
    OTKLIK_PUBLIC_URL: 'https://otklik.example.ru/',
  });
  assert.equal(config.smtpUrl, 'smtps://mcu%40example.ru:секрет@smtp.example.ru:465');
  assert.equal(config.smtpFrom, 'МЦУ Заречного <mcu@example.ru>');
  assert.equal(config.telegramBotToken, '123456789:AAE-abc_DEF');
  assert.equal(config.telegramApiBase, 'http://127.0.0.1:8081');
  assert.equal(config.publicUrl, 'https://otklik.example.ru');
});

test('неверные значения останавливают запуск с названием переменной и без пароля в сообщении', () => {
  assert.throws(
    () => loadConfig({ SMTP_URL: 'http://user:очень-секретно@mail.example.ru' }),
    (error: unknown) =>
      error instanceof ConfigError && /SMTP_URL/.test(error.message) && !error.message.includes('очень-секретно'),
  );
  assert.throws(
    () => loadConfig({ TELEGRAM_BOT_TOKEN: 'не-токен' }),
    (error: unknown) => error instanceof ConfigError && /TELEGRAM_BOT_TOKEN/.test(error.message),
  );
  assert.throws(
    () => loadConfig({ OTKLIK_PUBLIC_URL: 'otklik.example.ru' }),
    (error: unknown) => error instanceof ConfigError && /OTKLIK_PUBLIC_URL/.test(error.message),
  );
});
