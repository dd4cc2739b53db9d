import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ErrorResponseSchema } from '../../../shared/contracts/errors.contract.js';
import { MapSettingsSchema } from '../../../shared/contracts/map.contract.js';
import { requireAuth } from '../../platform/http/auth-hooks.js';
import type { AppDependencies } from '../../platform/http/route-context.js';

/** Map settings for the web: no tile server is needed; a basemap is configuration (OTKLIK_MAP_TILES_URL). */
export function mapRoutes({ config }: AppDependencies): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/map/settings',
      {
        schema: {
          tags: ['Карта'],
          summary: 'Подложка карты: шаблон растровых плиток или пусто (карта на однотонном фоне)',
          response: { 200: MapSettingsSchema, 401: ErrorResponseSchema },
        },
      },
      async (request) => {
        requireAuth(request);
        return { tilesUrl: config.mapTilesUrl ?? null, attribution: config.mapAttribution ?? null };
      },
    );
  };
}
