-- Analytics (issue 8): per-case facts and measures kept incrementally (the case's filter columns
-- copied beside its measures, so figures read one narrow table), отписка reviews, territory populations,
-- per-tenant settings (rating weights, report schedule), KPI definitions, the report archive,
-- subscribers of the weekly note and saved custom slices.
CREATE TABLE "analytics_case_measures" (
	"tenant_id" uuid NOT NULL REFERENCES "tenants"("id"),
	"case_id" uuid NOT NULL,
	"case_version" integer NOT NULL,
	"received_at" timestamp with time zone NOT NULL,
	"channel" text NOT NULL,
	"category" text,
	"district" text,
	"recipient_id" uuid,
	"status" text NOT NULL,
	"is_fast_track" boolean NOT NULL DEFAULT false,
	"result" text,
	"rating" integer,
	"reopen_count" integer NOT NULL DEFAULT 0,
	"answered_at" timestamp with time zone,
	"answer_due_at" timestamp with time zone,
	"first_reaction_minutes" integer,
	"answer_minutes" integer,
	"return_count" integer NOT NULL DEFAULT 0,
	"is_otpiska_detected" boolean,
	"otpiska_reasons" jsonb NOT NULL DEFAULT '[]'::jsonb,
	"measured_at" timestamp with time zone NOT NULL DEFAULT now(),
	CONSTRAINT "analytics_case_measures_pk" PRIMARY KEY ("tenant_id", "case_id")
);
--> statement-breakpoint
CREATE INDEX "analytics_case_measures_period_idx" ON "analytics_case_measures" ("tenant_id", "received_at");
--> statement-breakpoint
CREATE INDEX "cases_updated_at_idx" ON "cases" ("updated_at");
--> statement-breakpoint
CREATE INDEX "cases_analytics_idx" ON "cases" ("tenant_id", "received_at", "channel", "category");
--> statement-breakpoint
CREATE TABLE "analytics_refresh_state" (
	"id" text PRIMARY KEY,
	"watermark" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "analytics_answer_reviews" (
	"tenant_id" uuid NOT NULL REFERENCES "tenants"("id"),
	"case_id" uuid NOT NULL,
	"is_otpiska" boolean NOT NULL,
	"comment" text,
	"reviewed_by" uuid REFERENCES "users"("id"),
	"reviewed_at" timestamp with time zone NOT NULL DEFAULT now(),
	CONSTRAINT "analytics_answer_reviews_pk" PRIMARY KEY ("tenant_id", "case_id")
);
--> statement-breakpoint
CREATE TABLE "territory_populations" (
	"tenant_id" uuid NOT NULL REFERENCES "tenants"("id"),
	"territory" text NOT NULL,
	"population" integer NOT NULL CHECK ("population" > 0),
	"updated_by" uuid REFERENCES "users"("id"),
	"updated_at" timestamp with time zone NOT NULL DEFAULT now(),
	CONSTRAINT "territory_populations_pk" PRIMARY KEY ("tenant_id", "territory")
);
--> statement-breakpoint
CREATE TABLE "analytics_settings" (
	"tenant_id" uuid PRIMARY KEY REFERENCES "tenants"("id"),
	"rating" jsonb NOT NULL,
	"weekly_cron" text,
	"updated_by" uuid REFERENCES "users"("id"),
	"updated_at" timestamp with time zone NOT NULL DEFAULT now()
);
--> statement-breakpoint
CREATE TABLE "kpi_definitions" (
	"tenant_id" uuid NOT NULL REFERENCES "tenants"("id"),
	"id" uuid NOT NULL DEFAULT gen_random_uuid(),
	"position" integer NOT NULL,
	"name" text NOT NULL,
	"measure" text NOT NULL,
	"comparison" text NOT NULL CHECK ("comparison" in ('at_least', 'at_most')),
	"target" double precision NOT NULL,
	"weight" double precision NOT NULL DEFAULT 1,
	"channel" text,
	"updated_at" timestamp with time zone NOT NULL DEFAULT now(),
	CONSTRAINT "kpi_definitions_pk" PRIMARY KEY ("tenant_id", "id")
);
--> statement-breakpoint
CREATE TABLE "analytics_reports" (
	"tenant_id" uuid NOT NULL REFERENCES "tenants"("id"),
	"id" uuid NOT NULL DEFAULT gen_random_uuid(),
	"kind" text NOT NULL CHECK ("kind" in ('weekly', 'kpi')),
	"period" text NOT NULL,
	"format" text NOT NULL CHECK ("format" in ('docx', 'pdf', 'xlsx')),
	"file_name" text NOT NULL,
	"content" bytea NOT NULL,
	"created_by" uuid REFERENCES "users"("id"),
	"created_at" timestamp with time zone NOT NULL DEFAULT now(),
	CONSTRAINT "analytics_reports_pk" PRIMARY KEY ("tenant_id", "id")
);
--> statement-breakpoint
CREATE UNIQUE INDEX "analytics_reports_period_key" ON "analytics_reports" ("tenant_id", "kind", "period", "format");
--> statement-breakpoint
CREATE TABLE "analytics_subscriptions" (
	"tenant_id" uuid NOT NULL REFERENCES "tenants"("id"),
	"user_id" uuid NOT NULL REFERENCES "users"("id"),
	"created_at" timestamp with time zone NOT NULL DEFAULT now(),
	CONSTRAINT "analytics_subscriptions_pk" PRIMARY KEY ("tenant_id", "user_id")
);
--> statement-breakpoint
CREATE TABLE "analytics_slices" (
	"tenant_id" uuid NOT NULL REFERENCES "tenants"("id"),
	"id" uuid NOT NULL DEFAULT gen_random_uuid(),
	"user_id" uuid NOT NULL REFERENCES "users"("id"),
	"name" text NOT NULL,
	"definition" jsonb NOT NULL,
	"created_at" timestamp with time zone NOT NULL DEFAULT now(),
	CONSTRAINT "analytics_slices_pk" PRIMARY KEY ("tenant_id", "id")
);
