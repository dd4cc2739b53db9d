import path from 'node:path';
import { z } from 'zod';

/**
 * Runtime configuration, read once from the environment. Every variable is documented in README.md.
 * A bad value stops the process with a message naming the variable.
 */
const EnvironmentSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('localhost'),
  DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: z.string().url().optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  OTKLIK_DEMO: z.enum(['0', '1']).default('1'),
  OTKLIK_SECURE_COOKIES: z.enum(['0', '1']).default('0'),
  OTKLIK_SESSION_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 30)
    .default(12),
  OTKLIK_WEB_DIR: z.string().optional(),
  OTKLIK_JOBS: z.enum(['0', '1']).default('1'),
  OTKLIK_PUBLIC_URL: z.string().url().optional(),
  SMTP_URL: z
    .string()
    .url()
    .refine(
      (value) => /^smtps?:\/\//i.test(value),
      'ожидается адрес вида smtp://пользователь:пароль@сервер:587 или smtps://…',
    )
    .optional(),
  SMTP_FROM: z.string().min(3).default('Отклик <otklik@localhost>'),
  TELEGRAM_BOT_TOKEN: z
    .string()
    .regex(/^\d+:[A-Za-z0-9_-]+$/, 'ожидается токен от @BotFather вида 123456789:AA…')
    .optional(),
  TELEGRAM_API_BASE: z.string().url().default('https://api.telegram.org'),
  OTKLIK_MAP_TILES_URL: z
    .string()
    .refine(
      (value) => /^https?:\/\/[^/]+\/.*\{z\}.*\{x\}.*\{y\}/.test(value),
      'ожидается шаблон растровых плиток вида https://tile.example.org/{z}/{x}/{y}.png',
    )
    .optional(),
  OTKLIK_MAP_ATTRIBUTION: z.string().max(300).optional(),
  OTKLIK_TRIAGE_RETRAIN_CRON: z
    .string()
    .regex(/^\S+( \S+){4}$/, 'ожидается расписание cron из пяти полей, например «30 2 * * *»')
    .default('30 2 * * *'),
  OTKLIK_DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(500).default(10),
  OTKLIK_OPEN311_RATE_LIMIT: z.coerce.number().int().min(1).default(600),
  OTKLIK_FORM_RATE_LIMIT: z.coerce.number().int().min(1).default(10),
  OTKLIK_FORM_MIN_SECONDS: z.coerce.number().int().min(0).max(600).default(3),
});

export type AppConfig = {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | undefined;
  logLevel: z.infer<typeof EnvironmentSchema>['LOG_LEVEL'];
  isDemoEnabled: boolean;
  isSecureCookies: boolean;
  sessionHours: number;
  webDir: string;
  isJobsEnabled: boolean;
  /** Where people open Otklik: links in e-mail and Telegram messages start with it (no trailing slash). */
  publicUrl: string;
  /** SMTP server for e-mail notifications; undefined: e-mail deliveries are skipped. */
  smtpUrl: string | undefined;
  smtpFrom: string;
  /** Telegram bot token; undefined: Telegram deliveries are skipped. */
  telegramBotToken: string | undefined;
  telegramApiBase: string;
  /** Raster tiles of the basemap ({z}/{x}/{y}); undefined: maps draw on a plain background, nothing is fetched. */
  mapTilesUrl: string | undefined;
  mapAttribution: string | undefined;
  /** When the classifier of every municipality is retrained (cron, Moscow time); docs/classifier.md. */
  triageRetrainCron?: string;
  /** Connections to a PostgreSQL server (DATABASE_URL) this process may hold. */
  databasePoolSize: number;
  /** Open311 and webhook requests per minute per API key (or per IP address without a key). */
  open311RateLimit: number;
  /** Messages per hour from one IP address through the public form. */
  formRateLimit: number;
  /** The public form is refused when sent sooner than this after it was opened (bots fill forms instantly). */
  formMinSeconds: number;
};

export class ConfigError extends Error {}

export function loadConfig(environment: NodeJS.ProcessEnv = process.env): AppConfig {
  const parsed = EnvironmentSchema.safeParse(stripEmpty(environment));
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `переменная окружения ${String(issue.path[0])}: ${issue.message}`);
    throw new ConfigError(`Неверная конфигурация:\n  ${lines.join('\n  ')}`);
  }
  const env = parsed.data;
  return {
    port: env.PORT,
    host: env.HOST,
    dataDir: path.resolve(env.DATA_DIR),
    databaseUrl: env.DATABASE_URL,
    logLevel: env.LOG_LEVEL,
    isDemoEnabled: env.OTKLIK_DEMO === '1',
    isSecureCookies: env.OTKLIK_SECURE_COOKIES === '1',
    sessionHours: env.OTKLIK_SESSION_HOURS,
    webDir: env.OTKLIK_WEB_DIR ? path.resolve(env.OTKLIK_WEB_DIR) : defaultWebDir(),
    isJobsEnabled: env.OTKLIK_JOBS === '1',
    publicUrl: withoutTrailingSlash(env.OTKLIK_PUBLIC_URL ?? `http://localhost:${env.PORT}`),
    smtpUrl: env.SMTP_URL,
    smtpFrom: env.SMTP_FROM,
    telegramBotToken: env.TELEGRAM_BOT_TOKEN,
    telegramApiBase: withoutTrailingSlash(env.TELEGRAM_API_BASE),
    mapTilesUrl: env.OTKLIK_MAP_TILES_URL,
    mapAttribution: env.OTKLIK_MAP_ATTRIBUTION,
    triageRetrainCron: env.OTKLIK_TRIAGE_RETRAIN_CRON,
    databasePoolSize: env.OTKLIK_DATABASE_POOL_SIZE,
    open311RateLimit: env.OTKLIK_OPEN311_RATE_LIMIT,
    formRateLimit: env.OTKLIK_FORM_RATE_LIMIT,
    formMinSeconds: env.OTKLIK_FORM_MIN_SECONDS,
  };
}

function stripEmpty(environment: NodeJS.ProcessEnv): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [key, value] of Object.entries(environment)) {
    if (value !== undefined && value !== '') result[key] = value;
  }
  return result;
}

function withoutTrailingSlash(url: string): string {
  return url.replace(/\/+$/, '');
}

function defaultWebDir(): string {
  // dist/server/platform/config.js → dist/web; src/server/platform/config.ts → dist/web as well.
  return path.resolve(import.meta.dirname, '../../../dist/web');
}
