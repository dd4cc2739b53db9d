import 'maplibre-gl/dist/maplibre-gl.css';
import { useQuery } from '@tanstack/react-query';
import { type LayerSpecification, type SourceSpecification, type StyleSpecification, setWorkerUrl } from 'maplibre-gl';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import type { MapSettings } from '../../shared/contracts/map.contract.js';
import { requestJson } from '../platform/http-client.js';

// MapLibre looks for its worker beside its own module; in the bundle the worker is a separate emitted file.
setWorkerUrl(workerUrl);

/**
 * The installation's one basemap setting (OTKLIK_MAP_TILES_URL + OTKLIK_MAP_ATTRIBUTION), read once per
 * session for every map. `isSettled` tells a map it may be drawn (a failed request draws the plain map).
 */
export function useMapSettings(): { settings: MapSettings | undefined; isSettled: boolean } {
  const query = useQuery({
    queryKey: ['map', 'settings'],
    queryFn: ({ signal }) => requestJson<MapSettings>('/api/map/settings', { signal }),
    staleTime: Number.POSITIVE_INFINITY,
  });
  return { settings: query.data, isSettled: !query.isPending };
}

/**
 * A map style: a plain background — nothing is fetched from outside — with the configured raster tiles
 * on it when there is a tile server, and the map's own sources and layers on top.
 */
export function buildMapStyle(
  settings: MapSettings | undefined,
  own: { sources?: Record<string, SourceSpecification>; layers?: LayerSpecification[] } = {},
): StyleSpecification {
  const tilesUrl = settings?.tilesUrl ?? null;
  return {
    version: 8,
    sources: {
      ...(tilesUrl
        ? {
            basemap: {
              type: 'raster',
              tiles: [tilesUrl],
              tileSize: 256,
              ...(settings?.attribution ? { attribution: settings.attribution } : {}),
            },
          }
        : {}),
      ...own.sources,
    },
    layers: [
      { id: 'background', type: 'background', paint: { 'background-color': '#eef2f5' } },
      ...(tilesUrl ? [{ id: 'basemap', type: 'raster' as const, source: 'basemap' }] : []),
      ...(own.layers ?? []),
    ],
  };
}

/** The attribution control only when there is something to attribute. */
export function attributionOption(settings: MapSettings | undefined): { compact: true } | false {
  return settings?.attribution ? { compact: true } : false;
}
