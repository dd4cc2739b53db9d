import crypto from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import type { Queryable } from '../../../platform/audit.js';
import type { AttemptLogger } from '../notification-delivery.service.js';

// ── A delivery logger that keeps what it was told ─────────────────────────────────────────────────────

export type LogEntry = { level: 'info' | 'warn' | 'error'; facts: Record<string, unknown>; message: string };

/** The delivery job's logger for tests: every line lands in `logs` (empty it between cases with `logs.length = 0`). */
export function createRecordingLogger(): { logger: AttemptLogger; logs: LogEntry[] } {
  const logs: LogEntry[] = [];
  const record = (level: LogEntry['level']) => (facts: object, message: string) => {
    logs.push({ level, facts: facts as Record<string, unknown>, message });
  };
  return { logger: { info: record('info'), warn: record('warn'), error: record('error') }, logs };
}

// ── Factories ───────────────────────────────────────────────────────────────────────────────────────

export async function buildTenant(database: Queryable, timezone = 'Europe/Moscow'): Promise<string> {
  const slug = `t-${crypto.randomBytes(4).toString('hex')}`;
  const result = await database.query<{ id: string }>(
    `insert into tenants (kind, slug, name, short_name, timezone) values ('municipality', $1, $2, $2, $3) returning id`,
    [slug, `Тестовый округ ${slug}`, timezone],
  );
  const id = result.rows[0]?.id;
  if (!id) throw new Error('tenant not created');
  return id;
}

export async function buildPerson(
  database: Queryable,
  tenantId: string,
  options: { email?: string | null; fullName?: string; isActive?: boolean } = {},
): Promise<string> {
  const result = await database.query<{ id: string }>(
    `insert into users (tenant_id, full_name, email, is_active) values ($1, $2, $3, $4) returning id`,
    [tenantId, options.fullName ?? 'Иванова Мария Петровна', options.email ?? null, options.isActive ?? true],
  );
  const id = result.rows[0]?.id;
  if (!id) throw new Error('person not created');
  return id;
}

export async function setPreferences(
  database: Queryable,
  tenantId: string,
  userId: string,
  preferences: {
    isEmailEnabled?: boolean;
    isTelegramEnabled?: boolean;
    telegramChatId?: string | null;
    quietFrom?: string | null;
    quietTo?: string | null;
    mutedKinds?: string[];
  },
): Promise<void> {
  await database.query(
    `insert into notification_preferences
       (tenant_id, user_id, is_email_enabled, is_telegram_enabled, telegram_chat_id, quiet_from, quiet_to, muted_kinds)
     values ($1, $2, $3, $4, $5, $6, $7, $8)
     on conflict (user_id) do update set is_email_enabled = excluded.is_email_enabled,
       is_telegram_enabled = excluded.is_telegram_enabled, telegram_chat_id = excluded.telegram_chat_id,
       quiet_from = excluded.quiet_from, quiet_to = excluded.quiet_to, muted_kinds = excluded.muted_kinds`,
    [
      tenantId,
      userId,
      preferences.isEmailEnabled ?? true,
      preferences.isTelegramEnabled ?? false,
      preferences.telegramChatId ?? null,
      preferences.quietFrom ?? null,
      preferences.quietTo ?? null,
      preferences.mutedKinds ?? [],
    ],
  );
}

export type DeliveryState = {
  channel: string;
  address: string;
  status: string;
  attempts: number;
  lastError: string | null;
  notBefore: Date;
  sentAt: Date | null;
};

export async function listDeliveriesOf(database: Queryable, notificationId: string): Promise<DeliveryState[]> {
  const result = await database.query<DeliveryState>(
    `select channel, address, status, attempts, last_error as "lastError", not_before as "notBefore", sent_at as "sentAt"
       from notification_deliveries where notification_id = $1 order by channel`,
    [notificationId],
  );
  return result.rows;
}

// ── A local SMTP peer ───────────────────────────────────────────────────────────────────────────────

export type ReceivedAttachment = { fileName: string; contentType: string; content: Buffer };

export type ReceivedMail = {
  from: string;
  to: string[];
  subject: string;
  /** The plain text (of a multipart message: its first text/plain part). */
  text: string;
  headers: Map<string, string>;
  /** Parts with `Content-Disposition: attachment`, decoded. */
  attachments: ReceivedAttachment[];
};

export type FakeSmtpServer = {
  url: string;
  messages: ReceivedMail[];
  /** How many next messages to refuse with 451 (a passing failure: the sender retries later). */
  temporaryFailures: number;
  close(): Promise<void>;
};

/**
 * An SMTP server on 127.0.0.1 (the `smtp-server` package) that requires a login, refuses the recipients it is
 * told to with 550, refuses the next `temporaryFailures` messages with 451, and keeps every message it accepts,
 * decoded (attachments included).
 */
export async function startFakeSmtpServer(
  options: { user?: string; password?: string; rejectRecipients?: string[] } = {},
): Promise<FakeSmtpServer> {
  const user = options.user ?? 'otklik';
  const password = options.password ?? 'пароль-почты';
  const messages: ReceivedMail[] = [];
  const fake = { temporaryFailures: 0 };
  const server = new SMTPServer({
    authMethods: ['PLAIN', 'LOGIN'],
    allowInsecureAuth: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    size: 30 * 1024 * 1024,
    onAuth(auth, _session, callback) {
      if (auth.username === user && auth.password === password) callback(null, { user });
      else callback(new Error('Invalid username or password'));
    },
    onRcptTo(address, _session, callback) {
      if (options.rejectRecipients?.includes(address.address)) {
        const error = Object.assign(new Error('Mailbox unavailable'), { responseCode: 550 });
        callback(error);
        return;
      }
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        if (fake.temporaryFailures > 0) {
          fake.temporaryFailures -= 1;
          callback(
            Object.assign(new Error('Requested action aborted: local error in processing'), { responseCode: 451 }),
          );
          return;
        }
        const parsed = parseMail(Buffer.concat(chunks).toString('latin1'));
        messages.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((address) => address.address),
          ...parsed,
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://${encodeURIComponent(user)}:${encodeURIComponent(password)}@127.0.0.1:${port}`,
    messages,
    get temporaryFailures() {
      return fake.temporaryFailures;
    },
    set temporaryFailures(count: number) {
      fake.temporaryFailures = count;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

type MimePart = { headers: Map<string, string>; body: string };

/** Headers (unfolded, lower-case names) and body of one MIME entity; `raw` is the bytes as latin1 text. */
function splitEntity(raw: string): MimePart {
  const separator = raw.indexOf('\r\n\r\n');
  const head = (separator < 0 ? raw : raw.slice(0, separator)).replace(/\r\n[ \t]+/g, ' ');
  const body = separator < 0 ? '' : raw.slice(separator + 4);
  const headers = new Map<string, string>();
  for (const line of head.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) headers.set(line.slice(0, colon).toLowerCase(), line.slice(colon + 1).trim());
  }
  return { headers, body };
}

/** The parameter of a header value (`multipart/mixed; boundary="x"` → x), quoted or not. */
function headerParameter(value: string | undefined, name: string): string | undefined {
  const match = value?.match(new RegExp(`(?:^|;)\\s*${name}\\*?=(?:"([^"]*)"|([^;\\s]*))`, 'i'));
  return match ? (match[1] ?? match[2]) : undefined;
}

/** The leaf parts of a MIME entity, depth first (multipart/* is split on its boundary). */
function leafParts(entity: MimePart): MimePart[] {
  const contentType = entity.headers.get('content-type') ?? 'text/plain';
  if (!/^multipart\//i.test(contentType)) return [entity];
  const boundary = headerParameter(contentType, 'boundary');
  if (!boundary) return [entity];
  const sections = entity.body.split(`--${boundary}`);
  // Before the first boundary is the preamble; from the closing «--boundary--» on, the epilogue.
  return sections
    .slice(1)
    .filter((section) => !section.startsWith('--'))
    .flatMap((section) => leafParts(splitEntity(section.replace(/^\r\n/, '').replace(/\r\n$/, ''))));
}

function decodeBody(part: MimePart): Buffer {
  const encoding = part.headers.get('content-transfer-encoding')?.toLowerCase();
  if (encoding === 'base64') return Buffer.from(part.body.replace(/\s+/g, ''), 'base64');
  if (encoding === 'quoted-printable') return decodeQuotedPrintableBytes(part.body);
  return Buffer.from(part.body, 'latin1');
}

/** A message as the server received it (latin1 text of its bytes): subject, plain text, attachments. */
function parseMail(raw: string): Omit<ReceivedMail, 'from' | 'to'> {
  const message = splitEntity(raw);
  const parts = leafParts(message);
  const isAttachment = (part: MimePart) => /^attachment/i.test(part.headers.get('content-disposition') ?? '');
  const textPart = parts.find(
    (part) => !isAttachment(part) && /^text\/plain/i.test(part.headers.get('content-type') ?? 'text/plain'),
  );
  const text = textPart ? decodeBody(textPart).toString('utf8') : '';
  const attachments = parts.filter(isAttachment).map((part) => ({
    fileName: decodeEncodedWords(
      headerParameter(part.headers.get('content-disposition'), 'filename') ??
        headerParameter(part.headers.get('content-type'), 'name') ??
        '',
    ),
    contentType: (part.headers.get('content-type') ?? '').split(';')[0]?.trim().toLowerCase() ?? '',
    content: decodeBody(part),
  }));
  return {
    subject: decodeEncodedWords(Buffer.from(message.headers.get('subject') ?? '', 'latin1').toString('utf8')),
    text: text.replace(/\r\n/g, '\n'),
    headers: message.headers,
    attachments,
  };
}

function decodeEncodedWords(value: string): string {
  return value
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?utf-8\?([bq])\?([^?]*)\?=/gi, (_match, kind: string, data: string) =>
      kind.toLowerCase() === 'b'
        ? Buffer.from(data, 'base64').toString('utf8')
        : decodeQuotedPrintable(data.replace(/_/g, ' ')),
    );
}

function decodeQuotedPrintable(value: string): string {
  return decodeQuotedPrintableBytes(value).toString('utf8');
}

function decodeQuotedPrintableBytes(value: string): Buffer {
  const bytes: number[] = [];
  const source = value.replace(/=\r?\n/g, '');
  for (let index = 0; index < source.length; index += 1) {
    const char = source[index] ?? '';
    const hex = source.slice(index + 1, index + 3);
    if (char === '=' && /^[0-9A-F]{2}$/i.test(hex)) {
      bytes.push(Number.parseInt(hex, 16));
      index += 2;
    } else {
      bytes.push(...Buffer.from(char, 'latin1'));
    }
  }
  return Buffer.from(bytes);
}

// ── A local fake of the Telegram Bot API ────────────────────────────────────────────────────────────

export type TelegramRequest = { chatId: string; text: string; parseMode: unknown };
export type ScriptedAnswer = { status: number; body: unknown; delayMs?: number };

export type FakeTelegram = {
  base: string;
  token: string;
  /** Every sendMessage that reached the fake, answered with success or not. */
  requests: TelegramRequest[];
  /** Messages answered with 200. */
  delivered: TelegramRequest[];
  /** Answers for the next requests, in order; when empty, requests succeed. */
  script: ScriptedAnswer[];
  /** Delay before every answer (two workers racing). */
  delayMs: number;
  close(): Promise<void>;
};

/** `POST /bot<token>/sendMessage` on 127.0.0.1, as Telegram answers it; a wrong token gets 401. */
export async function startFakeTelegram(token = '123456:TEST-token_abc'): Promise<FakeTelegram> {
  const fake: FakeTelegram = {
    base: '',
    token,
    requests: [],
    delivered: [],
    script: [],
    delayMs: 0,
    close: async () => {},
  };
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const answer = (status: number, body: unknown) => {
        response.writeHead(status, { 'content-type': 'application/json' });
        response.end(JSON.stringify(body));
      };
      if (request.method !== 'POST' || request.url !== `/bot${token}/sendMessage`) {
        answer(request.url?.startsWith('/bot') ? 401 : 404, {
          ok: false,
          error_code: 401,
          description: 'Unauthorized',
        });
        return;
      }
      const payload = JSON.parse(Buffer.concat(chunks).toString('utf8')) as {
        chat_id: string;
        text: string;
        parse_mode?: unknown;
      };
      const message = { chatId: String(payload.chat_id), text: payload.text, parseMode: payload.parse_mode };
      fake.requests.push(message);
      const scripted = fake.script.shift();
      const delay = scripted?.delayMs ?? fake.delayMs;
      setTimeout(() => {
        if (scripted && scripted.status !== 200) {
          answer(scripted.status, scripted.body);
          return;
        }
        fake.delivered.push(message);
        answer(200, { ok: true, result: { message_id: fake.delivered.length, chat: { id: payload.chat_id } } });
      }, delay);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  fake.base = `http://127.0.0.1:${port}`;
  fake.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return fake;
}
