// Geometry on the Earth for territory conditions and grouping: distance, point in a GeoJSON polygon.

const EARTH_RADIUS_METERS = 6_371_008.8;

export type GeoPoint = { latitude: number; longitude: number };

/** A GeoJSON Polygon or MultiPolygon geometry: rings of [longitude, latitude] positions, holes after the outer ring. */
export type PolygonGeometry =
  | { type: 'Polygon'; coordinates: number[][][] }
  | { type: 'MultiPolygon'; coordinates: number[][][][] };

/** Great-circle (haversine) distance in metres. */
export function distanceMeters(a: GeoPoint, b: GeoPoint): number {
  const toRadians = Math.PI / 180;
  const deltaLatitude = (b.latitude - a.latitude) * toRadians;
  const deltaLongitude = (b.longitude - a.longitude) * toRadians;
  const h =
    Math.sin(deltaLatitude / 2) ** 2 +
    Math.cos(a.latitude * toRadians) * Math.cos(b.latitude * toRadians) * Math.sin(deltaLongitude / 2) ** 2;
  return 2 * EARTH_RADIUS_METERS * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** Ray casting on one ring (planar in degrees: fine for municipal-scale shapes away from the poles and ±180°). */
function isInsideRing(point: GeoPoint, ring: readonly number[][]): boolean {
  let isInside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i, i += 1) {
    const [xi = 0, yi = 0] = ring[i] ?? [];
    const [xj = 0, yj = 0] = ring[j] ?? [];
    const crosses =
      yi > point.latitude !== yj > point.latitude &&
      point.longitude < ((xj - xi) * (point.latitude - yi)) / (yj - yi) + xi;
    if (crosses) isInside = !isInside;
  }
  return isInside;
}

function isInsidePolygon(point: GeoPoint, rings: readonly number[][][]): boolean {
  const [outer, ...holes] = rings;
  if (!outer || !isInsideRing(point, outer)) return false;
  return !holes.some((hole) => isInsideRing(point, hole));
}

/** True when the point lies inside the polygon (not in one of its holes). */
export function isPointInPolygon(point: GeoPoint, geometry: PolygonGeometry): boolean {
  if (geometry.type === 'Polygon') return isInsidePolygon(point, geometry.coordinates);
  return geometry.coordinates.some((polygon) => isInsidePolygon(point, polygon));
}
