import 'maplibre-gl/dist/maplibre-gl.css';
import { useQuery } from '@tanstack/react-query';
import { Typography } from 'antd';
import {
  Map as MapLibreMap,
  NavigationControl,
  ScaleControl,
  type StyleSpecification,
  setWorkerUrl,
} from 'maplibre-gl';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import { useEffect, useRef, useState } from 'react';
import type { MapSettings } from '../../../../shared/contracts/map.contract.js';
import { requestJson } from '../../../platform/http-client.js';

// The worker is its own file next to the bundle (the library's default path does not survive bundling).
setWorkerUrl(workerUrl);

type CaseMapProps = { latitude: number; longitude: number; label: string };

const POINT_COLOR = '#1677ff';

/**
 * The style: a plain background and the case's point from GeoJSON — nothing is fetched from outside;
 * with a configured tile server (OTKLIK_MAP_TILES_URL) its raster tiles go under the point.
 */
export function buildCaseMapStyle(point: [number, number], settings: MapSettings | undefined): StyleSpecification {
  const tilesUrl = settings?.tilesUrl ?? null;
  return {
    version: 8,
    sources: {
      case: {
        type: 'geojson',
        data: { type: 'Feature', geometry: { type: 'Point', coordinates: point }, properties: {} },
      },
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
    },
    layers: [
      { id: 'background', type: 'background', paint: { 'background-color': '#eef2f5' } },
      ...(tilesUrl ? [{ id: 'basemap', type: 'raster' as const, source: 'basemap' }] : []),
      {
        id: 'case-point-halo',
        type: 'circle',
        source: 'case',
        paint: { 'circle-radius': 16, 'circle-color': POINT_COLOR, 'circle-opacity': 0.18 },
      },
      {
        id: 'case-point',
        type: 'circle',
        source: 'case',
        paint: {
          'circle-radius': 6,
          'circle-color': POINT_COLOR,
          'circle-stroke-width': 2,
          'circle-stroke-color': '#ffffff',
        },
      },
    ],
  };
}

/** A small map of the case's point (MapLibre GL); where WebGL is unavailable, the coordinates stay as text. */
export default function CaseMap({ latitude, longitude, label }: CaseMapProps) {
  const container = useRef<HTMLDivElement>(null);
  const [state, setState] = useState<'loading' | 'ready' | 'failed'>('loading');
  const settingsQuery = useQuery({
    queryKey: ['map', 'settings'],
    queryFn: ({ signal }) => requestJson<MapSettings>('/api/map/settings', { signal }),
    staleTime: Number.POSITIVE_INFINITY,
  });
  const settings = settingsQuery.data;
  const isSettled = !settingsQuery.isPending;

  useEffect(() => {
    if (!container.current || !isSettled) {
      return;
    }
    let map: MapLibreMap | undefined;
    try {
      map = new MapLibreMap({
        container: container.current,
        style: buildCaseMapStyle([longitude, latitude], settings),
        center: [longitude, latitude],
        zoom: settings?.tilesUrl ? 15 : 12,
        attributionControl: settings?.attribution ? { compact: true } : false,
        dragRotate: false,
        pitchWithRotate: false,
      });
      map.addControl(new NavigationControl({ showCompass: false }), 'top-right');
      map.addControl(new ScaleControl({ unit: 'metric' }), 'bottom-left');
      map.on('load', () => setState('ready'));
    } catch {
      setState('failed');
    }
    return () => map?.remove();
  }, [latitude, longitude, settings, isSettled]);

  return (
    <div>
      <div
        ref={container}
        role="img"
        aria-label={`Карта: ${label}`}
        data-testid="case-map"
        data-map-state={state}
        style={{
          height: 200,
          borderRadius: 6,
          overflow: 'hidden',
          border: '1px solid #f0f0f0',
          display: state === 'failed' ? 'none' : 'block',
        }}
      />
      {state === 'failed' ? (
        <Typography.Text type="secondary">Карта недоступна в этом браузере (нет WebGL).</Typography.Text>
      ) : null}
    </div>
  );
}
