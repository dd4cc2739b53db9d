CREATE TABLE "triage_models" (
	"tenant_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"version" integer NOT NULL,
	"status" text NOT NULL,
	"trigger" text NOT NULL,
	"triggered_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"activated_at" timestamp with time zone,
	"trained_on" integer NOT NULL,
	"held_out" integer NOT NULL,
	"trained_until" timestamp with time zone,
	"held_out_from" timestamp with time zone,
	"metrics" jsonb NOT NULL,
	"score" double precision NOT NULL,
	"compared_with" jsonb,
	"decision" text NOT NULL,
	"train_seconds" double precision NOT NULL,
	"model_bytes" integer NOT NULL,
	"model" bytea NOT NULL,
	CONSTRAINT "triage_models_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "triage_models_status_check" CHECK ("status" in ('active', 'rejected', 'superseded')),
	CONSTRAINT "triage_models_trigger_check" CHECK ("trigger" in ('schedule', 'manual'))
);
--> statement-breakpoint
ALTER TABLE "triage_models" ADD CONSTRAINT "triage_models_tenant_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "triage_models_version_key" ON "triage_models" USING btree ("tenant_id","version");--> statement-breakpoint
CREATE UNIQUE INDEX "triage_models_active_key" ON "triage_models" USING btree ("tenant_id") WHERE "status" = 'active';--> statement-breakpoint
CREATE TABLE "triage_settings" (
	"tenant_id" uuid NOT NULL,
	"auto_apply_threshold" double precision,
	"updated_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "triage_settings_pk" PRIMARY KEY("tenant_id"),
	CONSTRAINT "triage_settings_threshold_check" CHECK ("auto_apply_threshold" is null or ("auto_apply_threshold" >= 0 and "auto_apply_threshold" <= 1))
);
--> statement-breakpoint
ALTER TABLE "triage_settings" ADD CONSTRAINT "triage_settings_tenant_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;
