import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ErrorResponseSchema } from '../../../shared/contracts/errors.contract.js';
import {
  BlockSchema,
  CompositionDetailSchema,
  CompositionImportReportSchema,
  CompositionSchema,
  CreateBlockSchema,
  CreatePersonSchema,
  CreateRecipientSchema,
  CreateSubstitutionSchema,
  IdParamsSchema,
  PersonListQuerySchema,
  PersonSchema,
  RecipientSchema,
  SubstitutionSchema,
  TenantSchema,
  UpdateBlockSchema,
  UpdatePersonSchema,
  UpdateRecipientSchema,
} from '../../../shared/contracts/organization.contract.js';
import { AppError } from '../../platform/errors.js';
import { originOf, requireAuth } from '../../platform/http/auth-hooks.js';
import type { AppDependencies } from '../../platform/http/route-context.js';
import * as service from './organization-admin.service.js';

const TenantQuerySchema = z.object({ tenantId: z.string().uuid('tenantId: ожидается идентификатор').optional() });
const errors = {
  400: ErrorResponseSchema,
  401: ErrorResponseSchema,
  403: ErrorResponseSchema,
  404: ErrorResponseSchema,
  409: ErrorResponseSchema,
};
const MAX_UPLOAD_BYTES = 5 * 1024 * 1024;

export function organizationRoutes({ database }: AppDependencies): FastifyPluginAsyncZod {
  return async (app) => {
    const tags = ['Организация'];

    app.get(
      '/api/tenants',
      {
        schema: {
          tags,
          summary: 'Муниципалитеты, доступные пользователю',
          response: { 200: z.array(TenantSchema), ...errors },
        },
      },
      async (request) => service.listVisibleTenants(database, requireAuth(request)),
    );

    // Responsible recipients
    app.get(
      '/api/recipients',
      {
        schema: {
          tags,
          summary: 'Ответственные получатели (иерархия)',
          querystring: TenantQuerySchema,
          response: { 200: z.array(RecipientSchema), ...errors },
        },
      },
      async (request) => service.listRecipients(database, requireAuth(request), request.query.tenantId),
    );
    app.get(
      '/api/recipients/:id',
      {
        schema: {
          tags,
          summary: 'Ответственный получатель',
          params: IdParamsSchema,
          response: { 200: RecipientSchema, ...errors },
        },
      },
      async (request) => service.getRecipient(database, requireAuth(request), request.params.id),
    );
    app.post(
      '/api/recipients',
      {
        schema: {
          tags,
          summary: 'Создать ответственного получателя',
          querystring: TenantQuerySchema,
          body: CreateRecipientSchema,
          response: { 201: RecipientSchema, ...errors },
        },
      },
      async (request, reply) => {
        const created = await service.createRecipient(
          database,
          requireAuth(request),
          request.body,
          originOf(request),
          request.query.tenantId,
        );
        return reply.status(201).send(created);
      },
    );
    app.patch(
      '/api/recipients/:id',
      {
        schema: {
          tags,
          summary: 'Изменить, отключить или включить получателя',
          params: IdParamsSchema,
          body: UpdateRecipientSchema,
          response: { 200: RecipientSchema, ...errors },
        },
      },
      async (request) =>
        service.updateRecipient(database, requireAuth(request), request.params.id, request.body, originOf(request)),
    );

    // People
    app.get(
      '/api/people',
      {
        schema: {
          tags,
          summary: 'Сотрудники',
          querystring: PersonListQuerySchema.extend(TenantQuerySchema.shape),
          response: { 200: z.array(PersonSchema), ...errors },
        },
      },
      async (request) => service.listPeople(database, requireAuth(request), request.query),
    );
    app.get(
      '/api/people/:id',
      { schema: { tags, summary: 'Сотрудник', params: IdParamsSchema, response: { 200: PersonSchema, ...errors } } },
      async (request) => service.getPerson(database, requireAuth(request), request.params.id),
    );
    app.post(
      '/api/people',
      {
        schema: {
          tags,
          summary: 'Добавить сотрудника (с учётной записью или без)',
          querystring: TenantQuerySchema,
          body: CreatePersonSchema,
          response: { 201: PersonSchema, ...errors },
        },
      },
      async (request, reply) => {
        const created = await service.createPerson(
          database,
          requireAuth(request),
          request.body,
          originOf(request),
          request.query.tenantId,
        );
        return reply.status(201).send(created);
      },
    );
    app.patch(
      '/api/people/:id',
      {
        schema: {
          tags,
          summary: 'Изменить сотрудника, его роли, вход; отключить (isActive: false)',
          params: IdParamsSchema,
          body: UpdatePersonSchema,
          response: { 200: PersonSchema, ...errors },
        },
      },
      async (request) =>
        service.updatePerson(database, requireAuth(request), request.params.id, request.body, originOf(request)),
    );
    app.delete(
      '/api/people/:id',
      {
        schema: {
          tags,
          summary: 'Удалить сотрудника, который ещё ничего не делал (иначе 409: только отключить)',
          params: IdParamsSchema,
          response: { 204: z.null(), ...errors },
        },
      },
      async (request, reply) => {
        await service.deletePerson(database, requireAuth(request), request.params.id, originOf(request));
        return reply.status(204).send(null);
      },
    );

    // Thematic blocks
    app.get(
      '/api/blocks',
      {
        schema: {
          tags,
          summary: 'Отраслевые тематические блоки',
          querystring: TenantQuerySchema,
          response: { 200: z.array(BlockSchema), ...errors },
        },
      },
      async (request) => service.listBlocks(database, requireAuth(request), request.query.tenantId),
    );
    app.post(
      '/api/blocks',
      {
        schema: {
          tags,
          summary: 'Создать блок',
          querystring: TenantQuerySchema,
          body: CreateBlockSchema,
          response: { 201: BlockSchema, ...errors },
        },
      },
      async (request, reply) => {
        const created = await service.createBlock(
          database,
          requireAuth(request),
          request.body,
          originOf(request),
          request.query.tenantId,
        );
        return reply.status(201).send(created);
      },
    );
    app.patch(
      '/api/blocks/:id',
      {
        schema: {
          tags,
          summary: 'Изменить блок: название, темы, руководитель, участники',
          params: IdParamsSchema,
          body: UpdateBlockSchema,
          response: { 200: BlockSchema, ...errors },
        },
      },
      async (request) =>
        service.updateBlock(database, requireAuth(request), request.params.id, request.body, originOf(request)),
    );

    // Substitutions
    app.get(
      '/api/substitutions',
      {
        schema: {
          tags,
          summary: 'Замещения',
          querystring: TenantQuerySchema,
          response: { 200: z.array(SubstitutionSchema), ...errors },
        },
      },
      async (request) => service.listSubstitutions(database, requireAuth(request), request.query.tenantId),
    );
    app.post(
      '/api/substitutions',
      {
        schema: {
          tags,
          summary: 'Назначить замещение на период',
          querystring: TenantQuerySchema,
          body: CreateSubstitutionSchema,
          response: { 201: SubstitutionSchema, ...errors },
        },
      },
      async (request, reply) => {
        const created = await service.createSubstitution(
          database,
          requireAuth(request),
          request.body,
          originOf(request),
          request.query.tenantId,
        );
        return reply.status(201).send(created);
      },
    );
    app.delete(
      '/api/substitutions/:id',
      {
        schema: { tags, summary: 'Отменить замещение', params: IdParamsSchema, response: { 204: z.null(), ...errors } },
      },
      async (request, reply) => {
        await service.deleteSubstitution(database, requireAuth(request), request.params.id, originOf(request));
        return reply.status(204).send(null);
      },
    );

    // Composition
    app.get(
      '/api/compositions',
      {
        schema: {
          tags,
          summary: 'Версии состава МЦУ',
          querystring: TenantQuerySchema,
          response: { 200: z.array(CompositionSchema), ...errors },
        },
      },
      async (request) => service.listCompositions(database, requireAuth(request), request.query.tenantId),
    );
    app.get(
      '/api/compositions/:id',
      {
        schema: {
          tags,
          summary: 'Версия состава с участниками',
          params: IdParamsSchema,
          response: { 200: CompositionDetailSchema, ...errors },
        },
      },
      async (request) => service.getComposition(database, requireAuth(request), request.params.id),
    );
    app.get(
      '/api/compositions/:id/export',
      {
        schema: {
          tags,
          summary: 'Выгрузить версию состава в XLSX или CSV',
          params: IdParamsSchema,
          querystring: z.object({ format: z.enum(['xlsx', 'csv']).default('xlsx') }),
        },
      },
      async (request, reply) => {
        const file = await service.exportComposition(
          database,
          requireAuth(request),
          request.params.id,
          request.query.format,
        );
        void reply.header('content-disposition', `attachment; filename="${file.fileName}"`);
        void reply.type(
          request.query.format === 'csv'
            ? 'text/csv; charset=utf-8'
            : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        );
        return reply.send(file.content);
      },
    );
    app.post(
      '/api/compositions/import',
      {
        schema: {
          tags,
          summary:
            'Загрузить состав из CSV/XLSX (столбцы ФИО; Должность; Роль; Блок) как новую версию: multipart-поля file, actNumber, actDate, note',
          consumes: ['multipart/form-data'],
          querystring: TenantQuerySchema,
          response: { 201: CompositionImportReportSchema, ...errors },
        },
      },
      async (request, reply) => {
        const context = requireAuth(request);
        if (!request.isMultipart()) {
          throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'Отправьте файл как multipart/form-data (поле file).');
        }
        const fields: Record<string, string> = {};
        let file: { fileName: string; content: Buffer } | undefined;
        for await (const part of request.parts({ limits: { fileSize: MAX_UPLOAD_BYTES, files: 1, fields: 10 } })) {
          if (part.type === 'file') {
            const content = await part.toBuffer();
            if (part.file.truncated) throw new AppError('PAYLOAD_TOO_LARGE', 'Файл больше 5 МБ.');
            file = { fileName: part.filename, content };
          } else if (typeof part.value === 'string') {
            fields[part.fieldname] = part.value;
          }
        }
        if (!file) {
          throw new AppError('VALIDATION_FAILED', 'Приложите файл с составом (поле file).', [
            { field: 'file', message: 'Нет файла' },
          ]);
        }
        const report = await service.importComposition(
          database,
          context,
          {
            fileName: file.fileName,
            content: file.content,
            actNumber: fields.actNumber ?? '',
            actDate: fields.actDate ?? '',
            note: fields.note?.trim() ? fields.note.trim() : null,
            ...(request.query.tenantId ? { tenantId: request.query.tenantId } : {}),
          },
          originOf(request),
        );
        return reply.status(201).send(report);
      },
    );
  };
}
