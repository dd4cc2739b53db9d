import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ErrorResponseSchema } from '../../../shared/contracts/errors.contract.js';
import {
  ImportFormatParamsSchema,
  ImportRecordSchema,
  ImportReportSchema,
  ImportUploadQuerySchema,
} from '../../../shared/contracts/intake.contract.js';
import { AppError } from '../../platform/errors.js';
import { originOf, requireAuth } from '../../platform/http/auth-hooks.js';
import type { AppDependencies } from '../../platform/http/route-context.js';
import * as service from './intake.service.js';
import { MAX_TABLE_BYTES } from './intake-files.js';

const errors = {
  400: ErrorResponseSchema,
  401: ErrorResponseSchema,
  403: ErrorResponseSchema,
  404: ErrorResponseSchema,
  413: ErrorResponseSchema,
  415: ErrorResponseSchema,
  422: ErrorResponseSchema,
};

export function intakeRoutes({ database }: AppDependencies): FastifyPluginAsyncZod {
  return async (app) => {
    const tags = ['Импорт'];
    app.post(
      '/api/intake/imports/:format',
      {
        schema: {
          tags,
          summary:
            'Загрузить выгрузку ПОС (format=pos) или Инцидент менеджмента (format=im): multipart-поля file (XLSX или CSV) и skipInvalid=true|false. Всё или ничего: при ошибочных строках — 422 с отчётом в error.details.report',
          consumes: ['multipart/form-data'],
          params: ImportFormatParamsSchema,
          querystring: ImportUploadQuerySchema,
          response: { 201: ImportReportSchema, ...errors },
        },
      },
      async (request, reply) => {
        const context = requireAuth(request);
        if (!request.isMultipart()) {
          throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'Отправьте файл как multipart/form-data (поле file).');
        }
        const fields: Record<string, string> = {};
        let file: { fileName: string; content: Buffer } | undefined;
        for await (const part of request.parts({ limits: { fileSize: MAX_TABLE_BYTES, files: 1, fields: 5 } })) {
          if (part.type === 'file') {
            const content = await part.toBuffer();
            if (part.file.truncated) {
              throw new AppError('PAYLOAD_TOO_LARGE', `Файл больше ${MAX_TABLE_BYTES / 1024 / 1024} МБ.`);
            }
            file = { fileName: part.filename, content };
          } else if (typeof part.value === 'string') {
            fields[part.fieldname] = part.value;
          }
        }
        if (!file) {
          throw new AppError('VALIDATION_FAILED', 'Приложите файл выгрузки (поле file).', [
            { field: 'file', message: 'Нет файла' },
          ]);
        }
        const report = await service.importUpload(
          database,
          context,
          {
            format: request.params.format,
            fileName: file.fileName,
            content: file.content,
            skipInvalid: fields.skipInvalid === 'true',
            ...(request.query.tenantId ? { tenantId: request.query.tenantId } : {}),
          },
          originOf(request),
        );
        return reply.status(201).send(report);
      },
    );
    app.get(
      '/api/intake/imports',
      {
        schema: {
          tags,
          summary: 'Журнал импорта: последние 50 запусков (кто, когда, файл, создано/уже было/отклонено)',
          response: { 200: z.array(ImportRecordSchema), ...errors },
        },
      },
      async (request) => {
        const records = await service.listImports(database, requireAuth(request));
        return records.map((record) => ({
          id: record.id,
          tenantId: record.tenantId,
          format: record.format,
          fileName: record.fileName,
          actorLabel: record.actorLabel,
          outcome: record.outcome,
          totalLines: record.totalLines,
          createdCount: record.createdCount,
          presentCount: record.presentCount,
          rejectedCount: record.rejectedCount,
          rejectedLines: record.rejectedLines,
          startedAt: new Date(record.startedAt).toISOString(),
          finishedAt: new Date(record.finishedAt).toISOString(),
        }));
      },
    );
  };
}
