-- Analytics rollups (issue 8): daily and monthly sums of the per-case facts (analytics_case_measures)
-- in a few "cubes" (sets of dimensions), kept up to date by transactional deltas: statement triggers on
-- the facts table subtract the old rows and add the new ones in the same transaction that changes them,
-- and a trigger on отписка reviews moves a case between «отписка» and not. Nothing is recomputed from
-- scratch on a change; `npx otklik analytics rebuild-rollups` recomputes a tenant fully for recovery.
-- Design and measurements: docs/adr/0009-analytics-rollups.md.
--
-- Cubes (dimensions not in a cube are stored as NULL; NULLS NOT DISTINCT makes them one key):
--   1 channel                        — totals, per day by channel, ratings of municipalities (histograms)
--   2 channel × recipient            — ratings of recipients, totals with a recipient filter (histograms)
--   3 channel × category × district  — heat map and topics (counts only, no histograms)
-- Grain 'd' = one local day of the tenant (its time zone), 'm' = one local month.
-- Medians: reaction_hist / answer_hist count working minutes in geometric buckets (ratio 1.125):
-- bucket 0 = 0 minutes, bucket b ≥ 1 = [1.125^(b-1), 1.125^b) minutes, the last bucket open-ended.
CREATE TABLE "analytics_rollups" (
	"tenant_id" uuid NOT NULL REFERENCES "tenants"("id"),
	"cube" smallint NOT NULL,
	"grain" char(1) NOT NULL CHECK ("grain" in ('d', 'm')),
	"period_start" date NOT NULL,
	"channel" text,
	"category" text,
	"district" text,
	"recipient_id" uuid,
	"received" integer NOT NULL DEFAULT 0,
	"answered" integer NOT NULL DEFAULT 0,
	"answered_on_time" integer NOT NULL DEFAULT 0,
	"answered_late" integer NOT NULL DEFAULT 0,
	"rated" integer NOT NULL DEFAULT 0,
	"rated_high" integer NOT NULL DEFAULT 0,
	"rating_sum" integer NOT NULL DEFAULT 0,
	"resolved" integer NOT NULL DEFAULT 0,
	"explained" integer NOT NULL DEFAULT 0,
	"otpiska" integer NOT NULL DEFAULT 0,
	"returned" integer NOT NULL DEFAULT 0,
	"returns" integer NOT NULL DEFAULT 0,
	"reopened" integer NOT NULL DEFAULT 0,
	"reopens" integer NOT NULL DEFAULT 0,
	"reaction_count" integer NOT NULL DEFAULT 0,
	"reaction_minutes" bigint NOT NULL DEFAULT 0,
	"answer_count" integer NOT NULL DEFAULT 0,
	"answer_minutes" bigint NOT NULL DEFAULT 0,
	"reaction_hist" integer[],
	"answer_hist" integer[]
);
--> statement-breakpoint
CREATE UNIQUE INDEX "analytics_rollups_key" ON "analytics_rollups"
	("tenant_id", "cube", "grain", "period_start", "channel", "recipient_id", "category", "district")
	NULLS NOT DISTINCT;
--> statement-breakpoint
-- Open unanswered cases with a due time: the live part of «с нарушением срока» (it depends on now()).
CREATE INDEX "analytics_case_measures_pending_idx" ON "analytics_case_measures" ("tenant_id", "received_at")
	INCLUDE ("answer_due_at", "channel", "recipient_id", "is_fast_track", "status")
	WHERE "answered_at" IS NULL AND "answer_due_at" IS NOT NULL AND "status" IN ('new', 'moderation', 'in_work', 'answer_review');
--> statement-breakpoint
-- Points of the heat map: the newest cases with coordinates of a period, read from the index alone.
CREATE INDEX "cases_points_idx" ON "cases" ("tenant_id", "received_at")
	INCLUDE ("id", "latitude", "longitude", "category")
	WHERE "latitude" IS NOT NULL AND "longitude" IS NOT NULL;
--> statement-breakpoint
CREATE FUNCTION analytics_hist_bucket(minutes integer) RETURNS integer
LANGUAGE sql IMMUTABLE AS $$
	SELECT CASE WHEN minutes IS NULL THEN NULL WHEN minutes <= 0 THEN 0
		ELSE least(95, 1 + floor(ln(minutes::double precision) / ln(1.125))::integer) END
$$;
--> statement-breakpoint
CREATE FUNCTION analytics_hist_step(state integer[], bucket integer, weight integer) RETURNS integer[]
LANGUAGE plpgsql IMMUTABLE AS $$
BEGIN
	IF bucket IS NULL THEN RETURN state; END IF;
	IF state IS NULL THEN state := array_fill(0, ARRAY[96]); END IF;
	state[bucket + 1] := state[bucket + 1] + weight;
	RETURN state;
END
$$;
--> statement-breakpoint
CREATE AGGREGATE analytics_hist_agg(integer, integer) (SFUNC = analytics_hist_step, STYPE = integer[]);
--> statement-breakpoint
CREATE FUNCTION analytics_hist_add(left_hist integer[], right_hist integer[]) RETURNS integer[]
LANGUAGE plpgsql IMMUTABLE AS $$
DECLARE
	result integer[];
BEGIN
	IF left_hist IS NULL THEN RETURN right_hist; END IF;
	IF right_hist IS NULL THEN RETURN left_hist; END IF;
	result := left_hist;
	FOR i IN 1 .. 96 LOOP
		result[i] := result[i] + right_hist[i];
	END LOOP;
	RETURN result;
END
$$;
--> statement-breakpoint
CREATE AGGREGATE analytics_hist_sum(integer[]) (SFUNC = analytics_hist_add, STYPE = integer[]);
--> statement-breakpoint
-- Adds `weight` × the contribution of each fact row to every cube and grain. `otpiska_override`, when
-- not NULL, replaces the effective «отписка» verdict (the review trigger passes the before/after verdict).
CREATE FUNCTION analytics_rollup_apply(fact_rows analytics_case_measures[], weight integer, otpiska_override boolean)
RETURNS void LANGUAGE plpgsql AS $$
BEGIN
	INSERT INTO analytics_rollups AS r ("tenant_id", "cube", "grain", "period_start", "channel", "category", "district",
		"recipient_id", "received", "answered", "answered_on_time", "answered_late",
		"rated", "rated_high", "rating_sum", "resolved", "explained", "otpiska", "returned", "returns", "reopened",
		"reopens", "reaction_count", "reaction_minutes", "answer_count", "answer_minutes", "reaction_hist", "answer_hist")
	SELECT f.tenant_id, k.cube, g.grain,
		CASE g.grain WHEN 'd' THEN (f.received_at AT TIME ZONE t.timezone)::date
			ELSE date_trunc('month', f.received_at AT TIME ZONE t.timezone)::date END,
		f.channel,
		CASE WHEN k.cube = 3 THEN f.category END,
		CASE WHEN k.cube = 3 THEN f.district END,
		CASE WHEN k.cube = 2 THEN f.recipient_id END,
		coalesce(sum(weight), 0),
		coalesce(sum(weight) FILTER (WHERE f.answered_at IS NOT NULL), 0),
		coalesce(sum(weight) FILTER (WHERE f.answered_at IS NOT NULL AND f.answer_due_at IS NOT NULL AND f.answered_at <= f.answer_due_at), 0),
		coalesce(sum(weight) FILTER (WHERE f.answered_at IS NOT NULL AND f.answer_due_at IS NOT NULL AND f.answered_at > f.answer_due_at), 0),
		coalesce(sum(weight) FILTER (WHERE f.rating IS NOT NULL), 0),
		coalesce(sum(weight) FILTER (WHERE f.rating >= 4), 0),
		coalesce(sum(weight * f.rating), 0),
		coalesce(sum(weight) FILTER (WHERE f.result = 'resolved'), 0),
		coalesce(sum(weight) FILTER (WHERE f.result = 'explained'), 0),
		coalesce(sum(weight) FILTER (WHERE f.answered_at IS NOT NULL
			AND coalesce(otpiska_override, rv.is_otpiska, f.is_otpiska_detected) IS TRUE), 0),
		coalesce(sum(weight) FILTER (WHERE f.return_count > 0), 0),
		coalesce(sum(weight * f.return_count), 0),
		coalesce(sum(weight) FILTER (WHERE f.reopen_count > 0), 0),
		coalesce(sum(weight * f.reopen_count), 0),
		coalesce(sum(weight) FILTER (WHERE f.first_reaction_minutes IS NOT NULL), 0),
		coalesce(sum(weight::bigint * f.first_reaction_minutes), 0),
		coalesce(sum(weight) FILTER (WHERE f.answer_minutes IS NOT NULL), 0),
		coalesce(sum(weight::bigint * f.answer_minutes), 0),
		analytics_hist_agg(analytics_hist_bucket(f.first_reaction_minutes), weight) FILTER (WHERE k.cube IN (1, 2)),
		analytics_hist_agg(analytics_hist_bucket(f.answer_minutes), weight) FILTER (WHERE k.cube IN (1, 2))
	FROM unnest(fact_rows) AS f
	JOIN tenants t ON t.id = f.tenant_id
	LEFT JOIN analytics_answer_reviews rv ON rv.tenant_id = f.tenant_id AND rv.case_id = f.case_id
	CROSS JOIN (VALUES (1::smallint), (2::smallint), (3::smallint)) AS k(cube)
	CROSS JOIN (VALUES ('d'::char(1)), ('m'::char(1))) AS g(grain)
	GROUP BY 1, 2, 3, 4, 5, 6, 7, 8
	ON CONFLICT ("tenant_id", "cube", "grain", "period_start", "channel", "recipient_id", "category", "district")
	DO UPDATE SET
		"received" = r."received" + excluded."received",
		"answered" = r."answered" + excluded."answered",
		"answered_on_time" = r."answered_on_time" + excluded."answered_on_time",
		"answered_late" = r."answered_late" + excluded."answered_late",
		"rated" = r."rated" + excluded."rated",
		"rated_high" = r."rated_high" + excluded."rated_high",
		"rating_sum" = r."rating_sum" + excluded."rating_sum",
		"resolved" = r."resolved" + excluded."resolved",
		"explained" = r."explained" + excluded."explained",
		"otpiska" = r."otpiska" + excluded."otpiska",
		"returned" = r."returned" + excluded."returned",
		"returns" = r."returns" + excluded."returns",
		"reopened" = r."reopened" + excluded."reopened",
		"reopens" = r."reopens" + excluded."reopens",
		"reaction_count" = r."reaction_count" + excluded."reaction_count",
		"reaction_minutes" = r."reaction_minutes" + excluded."reaction_minutes",
		"answer_count" = r."answer_count" + excluded."answer_count",
		"answer_minutes" = r."answer_minutes" + excluded."answer_minutes",
		"reaction_hist" = analytics_hist_add(r."reaction_hist", excluded."reaction_hist"),
		"answer_hist" = analytics_hist_add(r."answer_hist", excluded."answer_hist");
END
$$;
--> statement-breakpoint
CREATE FUNCTION analytics_rollups_after_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	PERFORM analytics_rollup_apply((SELECT array_agg(ROW(n.*)::analytics_case_measures) FROM new_rows n), 1, NULL::boolean);
	RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE FUNCTION analytics_rollups_after_update() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
	before_rows analytics_case_measures[];
	after_rows analytics_case_measures[];
BEGIN
	-- Only rows whose counted columns changed (a re-measure that changes nothing moves nothing).
	SELECT array_agg(ROW(o.*)::analytics_case_measures), array_agg(ROW(n.*)::analytics_case_measures) INTO before_rows, after_rows
	  FROM old_rows o JOIN new_rows n ON n.tenant_id = o.tenant_id AND n.case_id = o.case_id
	 WHERE (o.received_at, o.channel, o.category, o.district, o.recipient_id, o.status, o.is_fast_track, o.result,
	        o.rating, o.reopen_count, o.answered_at, o.answer_due_at, o.first_reaction_minutes, o.answer_minutes,
	        o.return_count, o.is_otpiska_detected)
	   IS DISTINCT FROM
	       (n.received_at, n.channel, n.category, n.district, n.recipient_id, n.status, n.is_fast_track, n.result,
	        n.rating, n.reopen_count, n.answered_at, n.answer_due_at, n.first_reaction_minutes, n.answer_minutes,
	        n.return_count, n.is_otpiska_detected);
	IF before_rows IS NOT NULL THEN
		PERFORM analytics_rollup_apply(before_rows, -1, NULL::boolean);
		PERFORM analytics_rollup_apply(after_rows, 1, NULL::boolean);
	END IF;
	RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE FUNCTION analytics_rollups_after_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	PERFORM analytics_rollup_apply((SELECT array_agg(ROW(o.*)::analytics_case_measures) FROM old_rows o), -1, NULL::boolean);
	RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER "analytics_rollups_insert" AFTER INSERT ON "analytics_case_measures"
	REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION analytics_rollups_after_insert();
--> statement-breakpoint
CREATE TRIGGER "analytics_rollups_update" AFTER UPDATE ON "analytics_case_measures"
	REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION analytics_rollups_after_update();
--> statement-breakpoint
CREATE TRIGGER "analytics_rollups_delete" AFTER DELETE ON "analytics_case_measures"
	REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION analytics_rollups_after_delete();
--> statement-breakpoint
-- A human отписка decision replaces the detector's verdict: move the case's count from the old
-- effective verdict to the new one.
CREATE FUNCTION analytics_rollups_after_review() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
	fact analytics_case_measures;
	before_verdict boolean;
	after_verdict boolean;
BEGIN
	SELECT * INTO fact FROM analytics_case_measures
	 WHERE tenant_id = coalesce(NEW.tenant_id, OLD.tenant_id) AND case_id = coalesce(NEW.case_id, OLD.case_id);
	IF NOT FOUND THEN RETURN NULL; END IF;
	before_verdict := coalesce(CASE WHEN TG_OP = 'INSERT' THEN NULL ELSE OLD.is_otpiska END, fact.is_otpiska_detected, false);
	after_verdict := coalesce(CASE WHEN TG_OP = 'DELETE' THEN NULL ELSE NEW.is_otpiska END, fact.is_otpiska_detected, false);
	IF before_verdict IS DISTINCT FROM after_verdict THEN
		PERFORM analytics_rollup_apply(ARRAY[fact], -1, before_verdict);
		PERFORM analytics_rollup_apply(ARRAY[fact], 1, after_verdict);
	END IF;
	RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER "analytics_rollups_review" AFTER INSERT OR UPDATE OR DELETE ON "analytics_answer_reviews"
	FOR EACH ROW EXECUTE FUNCTION analytics_rollups_after_review();
--> statement-breakpoint
-- Recovery: recompute one tenant's rollups from its facts (what the triggers keep incrementally).
CREATE FUNCTION analytics_rollups_rebuild(target_tenant uuid) RETURNS integer LANGUAGE plpgsql AS $$
DECLARE
	fact_rows analytics_case_measures[];
	month_start timestamptz;
	chunk integer;
	rebuilt integer := 0;
BEGIN
	-- Writers of facts wait until the rebuild commits, so no delta falls between the delete and the sums.
	LOCK TABLE analytics_case_measures IN SHARE MODE;
	DELETE FROM analytics_rollups WHERE tenant_id = target_tenant;
	-- A month of facts at a time, so memory stays bounded on millions of cases.
	FOR month_start IN SELECT DISTINCT date_trunc('month', f.received_at) FROM analytics_case_measures f
	                    WHERE f.tenant_id = target_tenant LOOP
		SELECT array_agg(f), count(*) INTO fact_rows, chunk FROM analytics_case_measures f
		 WHERE f.tenant_id = target_tenant AND f.received_at >= month_start AND f.received_at < month_start + interval '1 month';
		IF fact_rows IS NOT NULL THEN PERFORM analytics_rollup_apply(fact_rows, 1, NULL::boolean); END IF;
		rebuilt := rebuilt + chunk;
	END LOOP;
	RETURN rebuilt;
END
$$;
--> statement-breakpoint
-- Existing facts (installations that ran 0014 before this migration) get their rollups now.
SELECT analytics_rollups_rebuild(id) FROM tenants;
