import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import multipart from '@fastify/multipart';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance } from 'fastify';
import {
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import { z } from 'zod';
import { analyticsRoutes } from './modules/analytics/index.js';
import { apiKeysRoutes } from './modules/api-keys/index.js';
import { appealsRoutes } from './modules/appeals/index.js';
import { auditRoutes } from './modules/audit/index.js';
import { authRoutes, resolveSession } from './modules/auth/index.js';
import { caseAttachmentsRoutes, casesRoutes } from './modules/cases/index.js';
import { clustersRoutes } from './modules/clusters/index.js';
import { imWebhookRoutes } from './modules/im-webhook/index.js';
import { inboxRoutes } from './modules/inbox/index.js';
import { intakeRoutes } from './modules/intake/index.js';
import { manualEntryRoutes } from './modules/manual-entry/index.js';
import { mapRoutes } from './modules/map/index.js';
import { notificationsRoutes } from './modules/notifications/index.js';
import {
  handleOpen311FrameworkError,
  OPEN311_PREFIX,
  open311AdminRoutes,
  open311Routes,
} from './modules/open311/index.js';
import { organizationRoutes } from './modules/organization/index.js';
import { posSyncRoutes } from './modules/pos-sync/index.js';
import { publicFormRoutes } from './modules/public-form/index.js';
import { routingRoutes } from './modules/routing/index.js';
import { rubricatorsRoutes } from './modules/rubricators/index.js';
import { slaRoutes } from './modules/sla/index.js';
import { systemRoutes } from './modules/system/index.js';
import { templatesRoutes } from './modules/templates/index.js';
import { triageRoutes } from './modules/triage/index.js';
import { registerAuthHooks } from './platform/http/auth-hooks.js';
import { body as errorBody, handleFrameworkError, registerErrorHandler } from './platform/http/error-handler.js';
import type { AppDependencies } from './platform/http/route-context.js';
import { createMetrics } from './platform/metrics.js';

z.config(z.locales.ru());

const REQUEST_ID_PATTERN = /^[A-Za-z0-9._-]{1,64}$/;

/** Builds the HTTP application from the modules. Listening and shutdown are the caller's (server.ts). */
export async function buildApp(dependencies: AppDependencies): Promise<FastifyInstance> {
  const { config, database } = dependencies;
  const app = Fastify({
    logger: {
      level: config.logLevel,
      redact: [
        'req.headers.cookie',
        'req.headers.authorization',
        'req.headers["x-csrf-token"]',
        'res.headers["set-cookie"]',
      ],
    },
    bodyLimit: 1024 * 1024,
    frameworkErrors: (error, request, reply) =>
      request.url.startsWith(`${OPEN311_PREFIX}/`)
        ? handleOpen311FrameworkError(error, request, reply)
        : handleFrameworkError(error, request, reply),
    requestIdHeader: 'x-request-id',
    genReqId: (request) => {
      const sent = request.headers['x-request-id'];
      return typeof sent === 'string' && REQUEST_ID_PATTERN.test(sent) ? sent : crypto.randomUUID();
    },
  }).withTypeProvider<ZodTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.addHook('onSend', async (request, reply) => {
    void reply.header('x-request-id', request.id);
  });

  const mapOrigins = config.mapTilesUrl ? [new URL(config.mapTilesUrl.replace(/[{}]/g, '')).origin] : [];
  registerErrorHandler(app);
  await app.register(cookie);
  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        // Ant Design injects its CSS-in-JS styles at run time.
        styleSrc: ["'self'", "'unsafe-inline'"],
        // The basemap's tile server, when configured (OTKLIK_MAP_TILES_URL), is the one outside origin.
        imgSrc: ["'self'", 'data:', 'blob:', ...mapOrigins],
        workerSrc: ["'self'", 'blob:'],
        connectSrc: ["'self'", ...mapOrigins],
        // Over plain HTTP on a LAN, upgrading asset requests to https would leave a blank page.
        upgradeInsecureRequests: config.isSecureCookies ? [] : null,
      },
    },
    hsts: config.isSecureCookies,
  });
  await app.register(rateLimit, { global: false });
  await app.register(multipart, { limits: { fileSize: 5 * 1024 * 1024, files: 1, fields: 10, parts: 12 } });

  await app.register(swagger, {
    openapi: {
      info: {
        title: 'Отклик — API',
        description: 'API платформы муниципального центра управления. Ошибки: `{ error: { code, message, fields? } }`.',
        version: '0.1.0',
      },
      components: { securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'otklik_session' } } },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs', staticCSP: true });

  const metrics = createMetrics(database);
  metrics.register(app);
  registerAuthHooks(app, (token) => resolveSession(database, token, config.sessionHours));

  await app.register(systemRoutes(dependencies, metrics.registry));
  await app.register(authRoutes(dependencies));
  await app.register(casesRoutes(dependencies));
  await app.register(caseAttachmentsRoutes(dependencies));
  await app.register(mapRoutes(dependencies));
  await app.register(inboxRoutes(dependencies));
  await app.register(organizationRoutes(dependencies));
  await app.register(auditRoutes(dependencies));
  await app.register(notificationsRoutes(dependencies));
  await app.register(slaRoutes(dependencies));
  await app.register(templatesRoutes(dependencies));
  await app.register(appealsRoutes(dependencies));
  await app.register(manualEntryRoutes(dependencies));
  await app.register(posSyncRoutes(dependencies));
  await app.register(analyticsRoutes(dependencies));
  await app.register(rubricatorsRoutes(dependencies));
  await app.register(routingRoutes(dependencies));
  await app.register(clustersRoutes(dependencies));
  await app.register(triageRoutes(dependencies));
  await app.register(intakeRoutes(dependencies));
  await app.register(apiKeysRoutes(dependencies));
  await app.register(open311AdminRoutes(dependencies));
  await app.register(imWebhookRoutes(dependencies));
  await app.register(publicFormRoutes(dependencies));
  await app.register(open311Routes(dependencies), { prefix: OPEN311_PREFIX });

  const indexFile = path.join(config.webDir, 'index.html');
  const hasWeb = fs.existsSync(indexFile);
  if (hasWeb) {
    await app.register(fastifyStatic, { root: config.webDir, wildcard: false, index: false, maxAge: '1h' });
  }
  app.setNotFoundHandler((request, reply) => {
    const isApi =
      request.url.startsWith('/api/') ||
      request.url === '/api' ||
      request.url.startsWith('/metrics') ||
      request.url.startsWith('/open311/');
    if (!isApi && hasWeb && (request.method === 'GET' || request.method === 'HEAD')) {
      void reply.header('cache-control', 'no-cache');
      return reply.type('text/html; charset=utf-8').send(fs.createReadStream(indexFile));
    }
    return reply
      .status(404)
      .send(errorBody('NOT_FOUND', `Адрес ${request.method} ${request.url.split('?')[0]} не найден.`, request.id));
  });

  return app;
}
