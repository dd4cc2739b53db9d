import crypto from 'node:crypto';
import type { Queryable } from '../../../platform/audit.js';

/** Test factory: a case with known outcome, its answer timers and timeline, written straight to the tables. */
export type CaseSpec = {
  channel: string;
  category: string | null;
  district?: string | null;
  recipientId?: string | null;
  status: string;
  receivedAt: string;
  dueAt?: string | null;
  answerStoppedAt?: string | null;
  reactionStoppedAt?: string | null;
  result?: 'resolved' | 'explained' | null;
  rating?: number | null;
  reopenCount?: number;
  returns?: number;
  answerText?: string | null;
  attachments?: number;
  latitude?: number | null;
  longitude?: number | null;
  subcategory?: string | null;
  address?: string | null;
  text?: string;
};

let counter = 0;

export async function buildCase(database: Queryable, tenantId: string, spec: CaseSpec): Promise<string> {
  counter += 1;
  const id = crypto.randomUUID();
  const lifecycle =
    spec.answerText !== undefined && spec.answerText !== null
      ? {
          draftAnswer: {
            text: spec.answerText,
            templateId: null,
            attachmentIds: Array.from({ length: spec.attachments ?? 0 }, () => crypto.randomUUID()),
          },
        }
      : {};
  const closedAt = ['answered', 'closed'].includes(spec.status) ? (spec.answerStoppedAt ?? null) : null;
  await database.query(
    `insert into cases (tenant_id, id, number, channel, kind, external_id, status, text, category, subcategory, address, district,
        latitude, longitude, recipient_id, received_at, due_at, closed_at, result, rating, reopen_count, lifecycle)
     values ($1, $2, $3, $4, 'message', $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21)`,
    [
      tenantId,
      id,
      `T-${counter}`,
      spec.channel,
      `ext-${counter}-${id}`,
      spec.status,
      spec.text ?? 'Текст сообщения',
      spec.category,
      spec.subcategory ?? null,
      spec.address ?? null,
      spec.district ?? null,
      spec.latitude ?? null,
      spec.longitude ?? null,
      spec.recipientId ?? null,
      spec.receivedAt,
      spec.dueAt ?? null,
      closedAt,
      spec.result ?? null,
      spec.rating ?? null,
      spec.reopenCount ?? 0,
      JSON.stringify(lifecycle),
    ],
  );
  if (spec.dueAt) {
    await database.query(
      `insert into case_timers (tenant_id, case_id, kind, policy_name, schedule_id, duration, started_at, due_at, stopped_at)
       values ($1, $2, 'answer', 'тест', 'mcu', '8wd', $3, $4, $5)`,
      [tenantId, id, spec.receivedAt, spec.dueAt, spec.answerStoppedAt ?? null],
    );
  }
  if (spec.reactionStoppedAt) {
    await database.query(
      `insert into case_timers (tenant_id, case_id, kind, policy_name, schedule_id, duration, started_at, due_at, stopped_at)
       values ($1, $2, 'first_reaction', 'тест', 'mcu', '1wh', $3, $3::timestamptz + interval '1 hour', $4)`,
      [tenantId, id, spec.receivedAt, spec.reactionStoppedAt],
    );
  }
  for (let index = 0; index < (spec.returns ?? 0); index += 1) {
    await database.query(
      `insert into case_events (tenant_id, case_id, action, payload) values ($1, $2, 'return-for-rework', '{}'::jsonb)`,
      [tenantId, id],
    );
  }
  return id;
}
