import 'maplibre-gl/dist/maplibre-gl.css';
import type { StyleSpecification } from 'maplibre-gl';
import * as maplibregl from 'maplibre-gl';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import { useEffect, useRef } from 'react';

// MapLibre 6 looks for its worker beside its own module; in the bundle it is a separate emitted file.
maplibregl.setWorkerUrl(workerUrl);

type Point = { latitude: number; longitude: number; topic: string; caseId: string };

/**
 * The map of cases: a GeoJSON source with a heat layer and points. Without a basemap URL the style is a
 * plain background — no tile server is needed; with OTKLIK_BASEMAP_URL its style is loaded and the
 * layers are added on top.
 */
export function CasesMap({ points, basemapUrl }: { points: Point[]; basemapUrl: string | null }) {
  const element = useRef<HTMLElement>(null);
  useEffect(() => {
    if (!element.current) return undefined;
    const plain: StyleSpecification = {
      version: 8,
      sources: {},
      layers: [{ id: 'background', type: 'background', paint: { 'background-color': '#eef2f6' } }],
    };
    const map = new maplibregl.Map({
      container: element.current,
      style: basemapUrl ?? plain,
      attributionControl: false,
    });
    map.addControl(new maplibregl.NavigationControl({ showCompass: false }));
    const data = {
      type: 'FeatureCollection' as const,
      features: points.map((point) => ({
        type: 'Feature' as const,
        geometry: { type: 'Point' as const, coordinates: [point.longitude, point.latitude] },
        properties: { topic: point.topic, caseId: point.caseId },
      })),
    };
    map.on('load', () => {
      map.addSource('cases', { type: 'geojson', data });
      map.addLayer({
        id: 'cases-heat',
        type: 'heatmap',
        source: 'cases',
        maxzoom: 15,
        paint: { 'heatmap-radius': 18, 'heatmap-opacity': 0.8, 'heatmap-intensity': 1 },
      });
      map.addLayer({
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
      });
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
  }, [points, basemapUrl]);
  return (
    <section
      aria-label="Карта сообщений"
      ref={element}
      style={{ width: '100%', height: 460, borderRadius: 8, overflow: 'hidden' }}
    />
  );
}
