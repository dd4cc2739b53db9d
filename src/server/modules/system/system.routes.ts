import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Registry } from 'prom-client';
import { z } from 'zod';
import { countAppliedMigrations, countKnownMigrations } from '../../platform/db/migrations.js';
import type { AppDependencies } from '../../platform/http/route-context.js';

const HealthSchema = z.object({
  status: z.enum(['ok', 'degraded']),
  database: z.enum(['ok', 'unreachable']),
  databaseMode: z.string(),
  migrations: z.object({ applied: z.number().int(), known: z.number().int(), isCurrent: z.boolean() }),
  uptimeSeconds: z.number(),
});

export function systemRoutes({ database }: AppDependencies, registry: Registry): FastifyPluginAsyncZod {
  const knownMigrations = countKnownMigrations();
  return async (app) => {
    app.get(
      '/api/health',
      {
        schema: {
          tags: ['Система'],
          summary: 'Готовность: база доступна и миграции применены (200), иначе 503',
          response: { 200: HealthSchema, 503: HealthSchema },
        },
        logLevel: 'warn',
      },
      async (_request, reply) => {
        let applied = 0;
        let isDatabaseReachable = true;
        try {
          applied = await countAppliedMigrations(database);
        } catch {
          isDatabaseReachable = false;
        }
        const isCurrent = applied >= knownMigrations;
        const body = {
          status: isDatabaseReachable && isCurrent ? ('ok' as const) : ('degraded' as const),
          database: isDatabaseReachable ? ('ok' as const) : ('unreachable' as const),
          databaseMode: database.mode,
          migrations: { applied, known: knownMigrations, isCurrent },
          uptimeSeconds: Math.round(process.uptime()),
        };
        return reply.status(body.status === 'ok' ? 200 : 503).send(body);
      },
    );

    app.get(
      '/metrics',
      {
        schema: { tags: ['Система'], summary: 'Метрики в текстовом формате Prometheus', hide: false },
        logLevel: 'warn',
      },
      async (_request, reply) => {
        void reply.header('content-type', registry.contentType);
        return registry.metrics();
      },
    );
  };
}
