-- Open cases now («открыто сейчас»), counted per tenant × channel × category × recipient × fast track ×
-- status and kept by statement triggers on `cases` in the same transaction as the change (ADR 0009).
-- «Срок сегодня» and «просрочено сейчас» depend on now(): they are read from the open cases not yet
-- overdue (cases_status_idx), and overdue = open − not yet overdue.
CREATE TABLE "analytics_open_counts" (
	"tenant_id" uuid NOT NULL REFERENCES "tenants"("id") ON DELETE CASCADE,
	"channel" text NOT NULL,
	"category" text,
	"recipient_id" uuid,
	"is_fast_track" boolean NOT NULL,
	"status" text NOT NULL,
	"count" integer NOT NULL DEFAULT 0
);
--> statement-breakpoint
CREATE UNIQUE INDEX "analytics_open_counts_key" ON "analytics_open_counts"
	("tenant_id", "channel", "category", "recipient_id", "is_fast_track", "status") NULLS NOT DISTINCT;
--> statement-breakpoint
-- Adds the open rows of `added` and subtracts those of `removed` (either may be empty); keys whose net
-- change is zero (an update that keeps an open case in its key) are not touched, so concurrent writers
-- meet on a counter row only when they really move a case.
CREATE FUNCTION analytics_open_counts_apply(added cases[], removed cases[]) RETURNS void LANGUAGE sql AS $$
	INSERT INTO analytics_open_counts AS o ("tenant_id", "channel", "category", "recipient_id", "is_fast_track", "status", "count")
	SELECT d.tenant_id, d.channel, d.category, d.recipient_id, d.is_fast_track, d.status, sum(d.weight)::int
	  FROM (SELECT a.tenant_id, a.channel, a.category, a.recipient_id, a.is_fast_track, a.status, 1 AS weight
	          FROM unnest(added) a
	        UNION ALL
	        SELECT r.tenant_id, r.channel, r.category, r.recipient_id, r.is_fast_track, r.status, -1
	          FROM unnest(removed) r) d
	 WHERE d.status IN ('new', 'moderation', 'in_work', 'answer_review')
	 GROUP BY d.tenant_id, d.channel, d.category, d.recipient_id, d.is_fast_track, d.status
	HAVING sum(d.weight) <> 0
	ORDER BY d.tenant_id, d.channel, d.category, d.recipient_id, d.is_fast_track, d.status
	    ON CONFLICT ("tenant_id", "channel", "category", "recipient_id", "is_fast_track", "status")
	    DO UPDATE SET "count" = o."count" + excluded."count";
$$;
--> statement-breakpoint
CREATE FUNCTION analytics_open_counts_after_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	PERFORM analytics_open_counts_apply(
		(SELECT array_agg(ROW(n.*)::cases) FROM new_rows n WHERE n.status IN ('new', 'moderation', 'in_work', 'answer_review')),
		ARRAY[]::cases[]);
	RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE FUNCTION analytics_open_counts_after_update() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
	before_rows cases[];
	after_rows cases[];
BEGIN
	-- Only rows that were or became open and whose counted columns changed.
	SELECT array_agg(ROW(o.*)::cases), array_agg(ROW(n.*)::cases) INTO before_rows, after_rows
	  FROM old_rows o JOIN new_rows n ON n.id = o.id
	 WHERE (o.status IN ('new', 'moderation', 'in_work', 'answer_review') OR n.status IN ('new', 'moderation', 'in_work', 'answer_review'))
	   AND (o.tenant_id, o.channel, o.category, o.recipient_id, o.is_fast_track, o.status)
	       IS DISTINCT FROM (n.tenant_id, n.channel, n.category, n.recipient_id, n.is_fast_track, n.status);
	IF before_rows IS NOT NULL THEN PERFORM analytics_open_counts_apply(after_rows, before_rows); END IF;
	RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE FUNCTION analytics_open_counts_after_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	PERFORM analytics_open_counts_apply(ARRAY[]::cases[],
		(SELECT array_agg(ROW(o.*)::cases) FROM old_rows o WHERE o.status IN ('new', 'moderation', 'in_work', 'answer_review')));
	RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER "analytics_open_counts_insert" AFTER INSERT ON "cases"
	REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION analytics_open_counts_after_insert();
--> statement-breakpoint
CREATE TRIGGER "analytics_open_counts_update" AFTER UPDATE ON "cases"
	REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION analytics_open_counts_after_update();
--> statement-breakpoint
CREATE TRIGGER "analytics_open_counts_delete" AFTER DELETE ON "cases"
	REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION analytics_open_counts_after_delete();
--> statement-breakpoint
-- Recovery: recount one tenant's open cases (writers of cases wait until it commits).
CREATE FUNCTION analytics_open_counts_rebuild(target_tenant uuid) RETURNS integer LANGUAGE plpgsql AS $$
DECLARE
	counted integer;
BEGIN
	LOCK TABLE cases IN SHARE MODE;
	DELETE FROM analytics_open_counts WHERE tenant_id = target_tenant;
	INSERT INTO analytics_open_counts ("tenant_id", "channel", "category", "recipient_id", "is_fast_track", "status", "count")
	SELECT c.tenant_id, c.channel, c.category, c.recipient_id, c.is_fast_track, c.status, count(*)::int
	  FROM cases c
	 WHERE c.tenant_id = target_tenant AND c.status IN ('new', 'moderation', 'in_work', 'answer_review')
	 GROUP BY 1, 2, 3, 4, 5, 6;
	SELECT coalesce(sum("count"), 0)::int INTO counted FROM analytics_open_counts WHERE tenant_id = target_tenant;
	RETURN counted;
END
$$;
--> statement-breakpoint
SELECT analytics_open_counts_rebuild(id) FROM tenants;
--> statement-breakpoint
-- Received counts of the topic cube (heat map, topics of the dashboard) read from the index alone: one
-- range per grain and edge of the period (countTerritoryTopicFromRollups), no visit to the wide rows.
CREATE INDEX "analytics_rollups_received_idx" ON "analytics_rollups" ("tenant_id", "grain", "period_start")
	INCLUDE ("channel", "category", "district", "recipient_id", "received") WHERE "cube" = 3;
