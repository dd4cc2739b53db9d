import { Skeleton, Typography } from 'antd';
import { lazy, Suspense } from 'react';
import type { CaseDetail } from '../../../../shared/contracts/cases.contract.js';

/** MapLibre is loaded only when a card with coordinates opens (a separate bundle chunk). */
const CaseMap = lazy(() => import('./CaseMap.js'));

/** «На карте»: the case's point, when it has coordinates. */
export function CaseMapSection({ item }: { item: Pick<CaseDetail, 'latitude' | 'longitude' | 'address' | 'number'> }) {
  if (item.latitude === null || item.longitude === null) {
    return null;
  }
  return (
    <div data-testid="case-map-section">
      <Typography.Title level={5} style={{ marginTop: 0 }}>
        На карте
      </Typography.Title>
      <Suspense fallback={<Skeleton.Node active style={{ width: '100%', height: 200 }} />}>
        <CaseMap
          latitude={item.latitude}
          longitude={item.longitude}
          label={item.address ?? `сообщение № ${item.number}`}
        />
      </Suspense>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {item.latitude.toFixed(6)}, {item.longitude.toFixed(6)}
        {item.address ? ` · ${item.address}` : ''}
      </Typography.Text>
    </div>
  );
}
