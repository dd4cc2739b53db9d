-- Inbox (issue 5): «Все» (the archive included) filtered by a rare combination — e.g. channel, district and
-- fast track — was read backwards from cases_analytics_idx checking each row in the table: 30 000 rows
-- fetched for one page, 140 ms in the database at 1M cases. 1) Fast-track cases (a few per cent) get a
-- partial index that INCLUDEs the usual filters, so such a page is read from the index alone.
CREATE INDEX "cases_fast_track_idx" ON "cases" USING btree ("tenant_id", "received_at", "id")
  INCLUDE ("channel", "district", "category", "recipient_id", "status")
  WHERE "is_fast_track";--> statement-breakpoint
-- 2) A district (territory) filter reads that district's cases in received order, checking channel, topic
-- and fast track from the index.
CREATE INDEX "cases_district_idx" ON "cases" USING btree ("tenant_id", "district", "received_at", "id")
  INCLUDE ("channel", "category", "is_fast_track");
