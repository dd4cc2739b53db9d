-- Grouping a new case (clusters: listNearbyCases) looks for cases near its point in the last days. The
-- query read every case of the window backwards from cases_received_idx and checked the box of each, so
-- its cost grew with the tenant's volume (at 2,000 Open311 registrations a second, with the whole run in the
-- 7-day window). Now it reads, per band of 0.001° of latitude (≈ 111 m) that the box touches, only that
-- band's cases of the window, and checks the box from the index.
CREATE INDEX "cases_place_idx" ON "cases" USING btree ("tenant_id", (floor("latitude" * 1000)), "received_at")
  INCLUDE ("latitude", "longitude")
  WHERE "latitude" IS NOT NULL AND "longitude" IS NOT NULL;
