import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ErrorResponseSchema } from '../../../shared/contracts/errors.contract.js';
import {
  CalendarYearSchema,
  CalendarYearViewSchema,
  DayOffSchema,
  DeadlinePreviewQuerySchema,
  DeadlinePreviewSchema,
  ScheduleSchema,
  ScheduleViewSchema,
  SlaPolicyListSchema,
  SlaPolicySchema,
} from '../../../shared/contracts/sla.contract.js';
import { AppError } from '../../platform/errors.js';
import { originOf, requireAuth } from '../../platform/http/auth-hooks.js';
import type { AppDependencies } from '../../platform/http/route-context.js';
import * as service from './sla.service.js';

const errors = {
  400: ErrorResponseSchema,
  401: ErrorResponseSchema,
  403: ErrorResponseSchema,
  404: ErrorResponseSchema,
  409: ErrorResponseSchema,
};
const YearParamsSchema = z.object({
  year: z.coerce.number().int().min(1970, 'year: от 1970').max(2399, 'year: до 2399'),
});
const MAX_ICS_BYTES = 512 * 1024;

export function slaRoutes({ database }: AppDependencies): FastifyPluginAsyncZod {
  return async (app) => {
    const tags = ['Сроки и календари'];

    app.get(
      '/api/calendar/years/:year',
      {
        schema: {
          tags,
          summary: 'Производственный календарь на год',
          params: YearParamsSchema,
          response: { 200: CalendarYearViewSchema, ...errors },
        },
      },
      async (request) => {
        requireAuth(request);
        return service.getCalendarYear(database, request.params.year);
      },
    );
    app.put(
      '/api/calendar/years/:year',
      {
        schema: {
          tags,
          summary: 'Сохранить год производственного календаря (например, по новому постановлению)',
          params: YearParamsSchema,
          body: CalendarYearSchema,
          response: { 200: CalendarYearViewSchema, ...errors },
        },
      },
      async (request) => {
        if (request.body.year !== request.params.year) {
          throw new AppError('VALIDATION_FAILED', 'Год в адресе и в теле запроса различаются.', [
            { field: 'year', message: 'Не совпадает с адресом' },
          ]);
        }
        return service.putCalendarYear(database, requireAuth(request), request.body, originOf(request));
      },
    );
    app.post(
      '/api/calendar/years/:year/ical',
      {
        schema: {
          tags,
          summary: 'Добавить праздники года из файла iCalendar (multipart-поле file)',
          consumes: ['multipart/form-data'],
          params: YearParamsSchema,
          response: { 200: CalendarYearViewSchema, ...errors },
        },
      },
      async (request) => {
        const context = requireAuth(request);
        if (!request.isMultipart())
          throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'Отправьте файл .ics как multipart/form-data (поле file).');
        const file = await request.file({ limits: { fileSize: MAX_ICS_BYTES, files: 1 } });
        if (!file)
          throw new AppError('VALIDATION_FAILED', 'Приложите файл .ics (поле file).', [
            { field: 'file', message: 'Нет файла' },
          ]);
        const content = await file.toBuffer();
        if (file.file.truncated) throw new AppError('PAYLOAD_TOO_LARGE', 'Файл больше 512 КБ.');
        return service.importCalendarHolidays(
          database,
          context,
          request.params.year,
          content.toString('utf8'),
          originOf(request),
        );
      },
    );

    app.get(
      '/api/calendar/days-off',
      {
        schema: {
          tags,
          summary: 'Местные выходные муниципалитета',
          response: { 200: z.array(DayOffSchema), ...errors },
        },
      },
      async (request) => service.listDaysOff(database, requireAuth(request)),
    );
    app.post(
      '/api/calendar/days-off',
      {
        schema: {
          tags,
          summary: 'Добавить местный выходной',
          body: DayOffSchema,
          response: { 201: z.array(DayOffSchema), ...errors },
        },
      },
      async (request, reply) =>
        reply
          .status(201)
          .send(await service.addDayOff(database, requireAuth(request), request.body, originOf(request))),
    );
    app.delete(
      '/api/calendar/days-off/:date',
      {
        schema: {
          tags,
          summary: 'Убрать местный выходной',
          params: z.object({ date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'date: ГГГГ-ММ-ДД') }),
          response: { 204: z.null(), ...errors },
        },
      },
      async (request, reply) => {
        await service.removeDayOff(database, requireAuth(request), request.params.date, originOf(request));
        return reply.status(204).send(null);
      },
    );

    app.get(
      '/api/sla/schedules',
      {
        schema: {
          tags,
          summary: 'Графики работы: встроенные и свои',
          response: { 200: z.array(ScheduleViewSchema), ...errors },
        },
      },
      async (request) => service.listSchedules(database, requireAuth(request)),
    );
    app.put(
      '/api/sla/schedules/:id',
      {
        schema: {
          tags,
          summary: 'Сохранить график (свой или свою версию встроенного, например с обеденным перерывом)',
          params: z.object({ id: z.string().min(1).max(40) }),
          body: ScheduleSchema,
          response: { 200: z.array(ScheduleViewSchema), ...errors },
        },
      },
      async (request) => {
        if (request.body.id !== request.params.id) {
          throw new AppError('VALIDATION_FAILED', 'Код графика в адресе и в теле различаются.', [
            { field: 'id', message: 'Не совпадает с адресом' },
          ]);
        }
        return service.saveSchedule(database, requireAuth(request), request.body, originOf(request));
      },
    );
    app.delete(
      '/api/sla/schedules/:id',
      {
        schema: {
          tags,
          summary: 'Удалить свой график или вернуть встроенный к исходному',
          params: z.object({ id: z.string().min(1).max(40) }),
          response: { 204: z.null(), ...errors },
        },
      },
      async (request, reply) => {
        await service.deleteSchedule(database, requireAuth(request), request.params.id, originOf(request));
        return reply.status(204).send(null);
      },
    );

    app.get(
      '/api/sla/policies',
      {
        schema: {
          tags,
          summary: 'Политики сроков (первая подходящая применяется)',
          response: { 200: SlaPolicyListSchema, ...errors },
        },
      },
      async (request) => service.getPolicies(database, requireAuth(request)),
    );
    app.put(
      '/api/sla/policies',
      {
        schema: {
          tags,
          summary: 'Заменить список политик сроков; последней — политика без условий',
          body: z.object({ policies: z.array(SlaPolicySchema).min(1).max(100) }),
          response: { 200: SlaPolicyListSchema, ...errors },
        },
      },
      async (request) => service.savePolicies(database, requireAuth(request), request.body.policies, originOf(request)),
    );

    app.get(
      '/api/sla/deadline',
      {
        schema: {
          tags,
          summary: 'Рассчитать срок: график, начало, длительность (8wh, 8wd, 30cdw, by18:00)',
          querystring: DeadlinePreviewQuerySchema,
          response: { 200: DeadlinePreviewSchema, ...errors },
        },
      },
      async (request) => service.previewDeadline(database, requireAuth(request), request.query),
    );
  };
}
