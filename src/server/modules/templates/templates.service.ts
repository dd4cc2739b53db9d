import { canViewApplicantData } from '../../../shared/access.js';
import { findUnknownPlaceholders, renderTemplate } from '../../../shared/answer-templates.js';
import type { AnswerTemplate, SaveAnswerTemplateInput } from '../../../shared/contracts/cases.contract.js';
import { hasPermission } from '../../../shared/permissions.js';
import { recordAudit } from '../../platform/audit.js';
import type { AuthContext } from '../../platform/auth/auth-context.js';
import type { Database } from '../../platform/db/database.js';
import { withTransaction } from '../../platform/db/transaction.js';
import { AppError, forbidden, notFound } from '../../platform/errors.js';
import { getCaseFacts } from '../cases/index.js';
import * as repository from './templates.repository.js';

export type RequestOrigin = { ipAddress: string; requestId: string };

function municipalityOf(context: AuthContext): string {
  if (context.tenant.kind !== 'municipality') {
    throw new AppError('VALIDATION_FAILED', 'Шаблоны ответов ведёт муниципалитет.', [
      { field: 'tenant', message: 'Только для МЦУ' },
    ]);
  }
  return context.tenant.id;
}

function present(record: repository.TemplateRecord): AnswerTemplate {
  return { ...record, updatedAt: new Date(record.updatedAt).toISOString() };
}

export async function listTemplates(
  database: Database,
  context: AuthContext,
  query: { topic?: string; q?: string; includeInactive?: 'true' | 'false' },
): Promise<AnswerTemplate[]> {
  const records = await repository.listTemplates(database.pool, municipalityOf(context), {
    ...(query.topic ? { topic: query.topic } : {}),
    ...(query.q ? { search: query.q } : {}),
    includeInactive: query.includeInactive === 'true',
  });
  return records.map(present);
}

function checkPlaceholders(body: string): void {
  const unknown = findUnknownPlaceholders(body);
  if (unknown.length > 0) {
    throw new AppError(
      'VALIDATION_FAILED',
      `Неизвестные подстановки: ${unknown.map((name) => `{{${name}}}`).join(', ')}. Доступны: {{номер}}, {{дата}}, {{адрес}}, {{исполнитель}}, {{получатель}}, {{заявитель}}, {{категория}}.`,
      [{ field: 'body', message: 'Неизвестная подстановка' }],
    );
  }
}

export async function saveTemplate(
  database: Database,
  context: AuthContext,
  id: string | undefined,
  input: SaveAnswerTemplateInput,
  origin: RequestOrigin,
): Promise<AnswerTemplate> {
  if (!hasPermission(context.roles, 'templates.manage')) throw forbidden();
  const tenantId = municipalityOf(context);
  checkPlaceholders(input.body);
  const before = id ? await repository.findTemplate(database.pool, tenantId, id) : undefined;
  if (id && !before) throw notFound('Шаблон не найден.');
  const savedId = await withTransaction(database.pool, async (client) => {
    const targetId = id ?? (await repository.insertTemplate(client, { ...input, tenantId, createdBy: context.userId }));
    if (id) await repository.updateTemplate(client, tenantId, id, input);
    await recordAudit(client, {
      tenantId,
      actorUserId: context.userId,
      action: id ? 'template.updated' : 'template.created',
      objectType: 'template',
      objectId: targetId,
      ...(before
        ? { before: { title: before.title, topic: before.topic, body: before.body, isActive: before.isActive } }
        : {}),
      after: input,
      ipAddress: origin.ipAddress,
      requestId: origin.requestId,
    });
    return targetId;
  });
  const saved = await repository.findTemplate(database.pool, tenantId, savedId);
  if (!saved) throw notFound();
  return present(saved);
}

/**
 * Fills a template from a case the caller may read; each use counts towards «most used first». The
 * applicant's name is filled only for roles that may see personal data.
 */
export async function renderTemplateForCase(
  database: Database,
  context: AuthContext,
  id: string,
  caseId: string,
): Promise<{ text: string; missing: string[] }> {
  const tenantId = municipalityOf(context);
  const template = await repository.findTemplate(database.pool, tenantId, id);
  if (!template) throw notFound('Шаблон не найден.');
  const facts = await getCaseFacts(database, context, caseId);
  if (facts.tenantId !== tenantId) throw notFound('Сообщение не найдено или недоступно.');
  const rendered = renderTemplate(template.body, {
    номер: facts.number,
    дата: new Intl.DateTimeFormat('ru-RU', {
      timeZone: facts.timezone,
      day: '2-digit',
      month: '2-digit',
      year: 'numeric',
    }).format(new Date(facts.receivedAt)),
    адрес: facts.address,
    исполнитель: facts.executorName,
    получатель: facts.recipientName,
    заявитель: canViewApplicantData(context.roles) ? facts.applicantName : null,
    категория: facts.category,
  });
  await repository.countTemplateUse(database.pool, tenantId, id);
  return rendered;
}
