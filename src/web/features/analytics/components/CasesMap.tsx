import * as maplibregl from 'maplibre-gl';
import { useEffect, useRef } from 'react';
import { attributionOption, buildMapStyle, useMapSettings } from '../../../lib/map-setup.js';

type Point = { latitude: number; longitude: number; topic: string; caseId: string };

/**
 * The map of cases: a GeoJSON source with a heat layer and points on the installation's one basemap
 * (`/api/map/settings`: raster tiles from OTKLIK_MAP_TILES_URL, or a plain background — no tile server needed).
 */
export function CasesMap({ points }: { points: Point[] }) {
  const element = useRef<HTMLElement>(null);
  const { settings, isSettled } = useMapSettings();
  useEffect(() => {
    if (!element.current || !isSettled) return undefined;
    const data = {
      type: 'FeatureCollection' as const,
      features: points.map((point) => ({
        type: 'Feature' as const,
        geometry: { type: 'Point' as const, coordinates: [point.longitude, point.latitude] },
        properties: { topic: point.topic, caseId: point.caseId },
      })),
    };
    const map = new maplibregl.Map({
      container: element.current,
      style: buildMapStyle(settings, {
        sources: { cases: { type: 'geojson', data } },
        layers: [
          {
            id: 'cases-heat',
            type: 'heatmap',
            source: 'cases',
            maxzoom: 15,
            paint: { 'heatmap-radius': 18, 'heatmap-opacity': 0.8, 'heatmap-intensity': 1 },
          },
          {
            id: 'cases-points',
            type: 'circle',
            source: 'cases',
            minzoom: 12,
            paint: {
              'circle-radius': 4,
              'circle-color': '#1677ff',
              'circle-stroke-color': '#fff',
              'circle-stroke-width': 1,
            },
          },
        ],
      }),
      attributionControl: attributionOption(settings),
    });
    map.addControl(new maplibregl.NavigationControl({ showCompass: false }));
    map.on('load', () => {
      // Marks the map ready once the layers are drawn (tests and people waiting on a slow machine).
      map.once('idle', () => element.current?.setAttribute('data-ready', 'true'));
      if (points.length > 0) {
        const bounds = new maplibregl.LngLatBounds();
        for (const point of points) bounds.extend([point.longitude, point.latitude]);
        map.fitBounds(bounds, { padding: 30, maxZoom: 14, duration: 0 });
      }
    });
    map.on('click', 'cases-points', (event: maplibregl.MapLayerMouseEvent) => {
      const feature = event.features?.[0];
      const caseId = feature?.properties?.caseId;
      if (typeof caseId === 'string') window.open(`/cases?caseId=${caseId}`, '_blank', 'noopener');
    });
    return () => map.remove();
  }, [points, settings, isSettled]);
  return (
    <section
      aria-label="Карта сообщений"
      ref={element}
      style={{ width: '100%', height: 460, borderRadius: 8, overflow: 'hidden' }}
    />
  );
}
