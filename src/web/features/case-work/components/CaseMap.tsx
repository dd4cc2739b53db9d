import { Typography } from 'antd';
import { Map as MapLibreMap, NavigationControl, ScaleControl, type StyleSpecification } from 'maplibre-gl';
import { useEffect, useRef, useState } from 'react';
import type { MapSettings } from '../../../../shared/contracts/map.contract.js';
import { attributionOption, buildMapStyle, useMapSettings } from '../../../lib/map-setup.js';

type CaseMapProps = { latitude: number; longitude: number; label: string };

const POINT_COLOR = '#1677ff';

/** The style: the shared basemap (plain or raster tiles) with the case's point from GeoJSON on top. */
export function buildCaseMapStyle(point: [number, number], settings: MapSettings | undefined): StyleSpecification {
  return buildMapStyle(settings, {
    sources: {
      case: {
        type: 'geojson',
        data: { type: 'Feature', geometry: { type: 'Point', coordinates: point }, properties: {} },
      },
    },
    layers: [
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
  });
}

/** A small map of the case's point (MapLibre GL); where WebGL is unavailable, the coordinates stay as text. */
export default function CaseMap({ latitude, longitude, label }: CaseMapProps) {
  const container = useRef<HTMLDivElement>(null);
  const [state, setState] = useState<'loading' | 'ready' | 'failed'>('loading');
  const { settings, isSettled } = useMapSettings();

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
        attributionControl: attributionOption(settings),
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
