-- Reports (issue 8): the weekly note's schedule per tenant (weekday, local time, zone, on/off, who gets it),
-- a claim per generated period so that two job runs or two processes never make a note twice, and KPI
-- definitions as versioned data: every save is a new version (the old ones stay to show what was in force),
-- for a region (ЦУР) and, as an override, for one municipality. The single-measure `kpi_definitions` table
-- and the unused `analytics_settings.weekly_cron` are replaced by these.
CREATE TABLE "report_schedules" (
	"tenant_id" uuid PRIMARY KEY REFERENCES "tenants"("id"),
	"weekday" integer NOT NULL CHECK ("weekday" BETWEEN 1 AND 7),
	"local_time" text NOT NULL CHECK ("local_time" ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$'),
	"timezone" text NOT NULL,
	"is_enabled" boolean NOT NULL DEFAULT true,
	"subscriber_emails" text[] NOT NULL DEFAULT '{}'::text[],
	"updated_by" uuid REFERENCES "users"("id"),
	"updated_at" timestamp with time zone NOT NULL DEFAULT now()
);
--> statement-breakpoint
CREATE TABLE "report_runs" (
	"tenant_id" uuid NOT NULL REFERENCES "tenants"("id"),
	"kind" text NOT NULL CHECK ("kind" in ('weekly', 'kpi')),
	"period" text NOT NULL,
	"status" text NOT NULL CHECK ("status" in ('running', 'done', 'failed')),
	"started_at" timestamp with time zone NOT NULL DEFAULT now(),
	"finished_at" timestamp with time zone,
	"error" text,
	CONSTRAINT "report_runs_pk" PRIMARY KEY ("tenant_id", "kind", "period")
);
--> statement-breakpoint
CREATE TABLE "kpi_definition_versions" (
	"tenant_id" uuid NOT NULL REFERENCES "tenants"("id"),
	"version" integer NOT NULL CHECK ("version" > 0),
	"definitions" jsonb NOT NULL,
	"comment" text,
	"created_by" uuid REFERENCES "users"("id"),
	"created_at" timestamp with time zone NOT NULL DEFAULT now(),
	CONSTRAINT "kpi_definition_versions_pk" PRIMARY KEY ("tenant_id", "version")
);
--> statement-breakpoint
INSERT INTO "kpi_definition_versions" ("tenant_id", "version", "definitions", "comment")
SELECT "tenant_id", 1,
       jsonb_agg(jsonb_build_object('name', "name", 'formula', CASE "measure"
           WHEN 'on_time_share' THEN 'answered_on_time / (answered_on_time + late) * 100'
           WHEN 'first_reaction_median_hours' THEN 'first_reaction_median_hours'
           WHEN 'satisfaction_high_share' THEN 'rated_high / rated * 100'
           WHEN 'answer_median_working_days' THEN 'answer_median_working_days'
           WHEN 'resolved_share' THEN 'resolved / (resolved + explained) * 100'
           WHEN 'otpiska_share' THEN 'otpiska / answered * 100'
           ELSE "measure" END, 'comparison', "comparison",
                                    'target', "target", 'weight', "weight", 'channel', "channel", 'isActive', true)
                 ORDER BY "position"),
       'перенесено из прежней таблицы показателей'
  FROM "kpi_definitions" GROUP BY "tenant_id";
--> statement-breakpoint
DROP TABLE "kpi_definitions";
--> statement-breakpoint
ALTER TABLE "analytics_settings" DROP COLUMN "weekly_cron";
--> statement-breakpoint
-- A notification for an e-mail address that is no person of Otklik (an outside subscriber of the weekly note):
-- no owner, so no bell; its one e-mail delivery goes out through the same delivery job and journal.
ALTER TABLE "notifications" ALTER COLUMN "user_id" DROP NOT NULL;
--> statement-breakpoint
ALTER TABLE "notifications" ADD COLUMN "email_address" text;
--> statement-breakpoint
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_owner_check" CHECK ("user_id" IS NOT NULL OR "email_address" IS NOT NULL);
--> statement-breakpoint
CREATE UNIQUE INDEX "notifications_address_dedupe_key" ON "notifications" ("email_address", "dedupe_key")
 WHERE "user_id" IS NULL AND "dedupe_key" IS NOT NULL;
