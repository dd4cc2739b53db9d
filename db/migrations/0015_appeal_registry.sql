CREATE TABLE "appeal_settings" (
	"tenant_id" uuid NOT NULL,
	"number_prefix" text DEFAULT 'ОГ' NOT NULL,
	"repeat_period_days" integer DEFAULT 365 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "appeal_settings_pkey" PRIMARY KEY("tenant_id"),
	CONSTRAINT "appeal_settings_period_check" CHECK ("repeat_period_days" between 1 and 3650)
);
--> statement-breakpoint
CREATE TABLE "appeal_registration_counters" (
	"tenant_id" uuid NOT NULL,
	"year" integer NOT NULL,
	"last_value" integer NOT NULL,
	CONSTRAINT "appeal_registration_counters_pkey" PRIMARY KEY("tenant_id","year")
);
--> statement-breakpoint
CREATE TABLE "appeal_registrations" (
	"tenant_id" uuid NOT NULL,
	"case_id" uuid NOT NULL,
	"number" text NOT NULL,
	"year" integer NOT NULL,
	"sequence" integer NOT NULL,
	"registered_at" timestamp with time zone NOT NULL,
	"registered_by" uuid,
	"receipt_form" text NOT NULL,
	"appeal_type" text NOT NULL,
	"is_collective" boolean DEFAULT false NOT NULL,
	"signatory_count" integer DEFAULT 1 NOT NULL,
	"classifier_code" text,
	"applicant_name" text NOT NULL,
	"applicant_address" text,
	"applicant_email" text,
	"applicant_phone" text,
	"applicant_key" text NOT NULL,
	"subject_stems" text[] DEFAULT '{}'::text[] NOT NULL,
	"is_repeat" boolean DEFAULT false NOT NULL,
	"repeat_of" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "appeal_registrations_pkey" PRIMARY KEY("tenant_id","case_id"),
	CONSTRAINT "appeal_registrations_form_check" CHECK ("receipt_form" in ('letter', 'email', 'reception', 'epgu')),
	CONSTRAINT "appeal_registrations_type_check" CHECK ("appeal_type" in ('statement', 'proposal', 'complaint')),
	CONSTRAINT "appeal_registrations_signatories_check" CHECK ("signatory_count" >= 1 and ("is_collective" = false or "signatory_count" >= 2))
);
--> statement-breakpoint
CREATE TABLE "pos_sync_settings" (
	"tenant_id" uuid NOT NULL,
	"base_url" text NOT NULL,
	"login" text NOT NULL,
	"password" text NOT NULL,
	"scope" text NOT NULL,
	"is_enabled" boolean DEFAULT true NOT NULL,
	"cursor" text,
	"last_run_at" timestamp with time zone,
	"last_success_at" timestamp with time zone,
	"last_error" text,
	"last_summary" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "pos_sync_settings_pkey" PRIMARY KEY("tenant_id")
);
--> statement-breakpoint
CREATE TABLE "pos_outbox" (
	"tenant_id" uuid NOT NULL,
	"id" bigserial NOT NULL,
	"case_id" uuid NOT NULL,
	"external_id" text NOT NULL,
	"operation" text NOT NULL,
	"payload" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"sent_at" timestamp with time zone,
	CONSTRAINT "pos_outbox_pkey" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "pos_outbox_status_check" CHECK ("status" in ('pending', 'sent', 'failed'))
);
--> statement-breakpoint
CREATE TABLE "pos_appeals" (
	"tenant_id" uuid NOT NULL,
	"external_id" text NOT NULL,
	"case_id" uuid NOT NULL,
	"status" text NOT NULL,
	"status_at" timestamp with time zone,
	"answer_at" timestamp with time zone,
	"history" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"platform_updated_at" text,
	"synced_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "pos_appeals_pkey" PRIMARY KEY("tenant_id","external_id")
);
--> statement-breakpoint
ALTER TABLE "appeal_settings" ADD CONSTRAINT "appeal_settings_tenant_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "appeal_registration_counters" ADD CONSTRAINT "appeal_registration_counters_tenant_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "appeal_registrations" ADD CONSTRAINT "appeal_registrations_case_fk" FOREIGN KEY ("tenant_id","case_id") REFERENCES "public"."cases"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pos_sync_settings" ADD CONSTRAINT "pos_sync_settings_tenant_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pos_outbox" ADD CONSTRAINT "pos_outbox_tenant_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pos_appeals" ADD CONSTRAINT "pos_appeals_case_fk" FOREIGN KEY ("tenant_id","case_id") REFERENCES "public"."cases"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "pos_appeals_case_key" ON "pos_appeals" USING btree ("tenant_id","case_id");--> statement-breakpoint
CREATE UNIQUE INDEX "appeal_registrations_number_key" ON "appeal_registrations" USING btree ("tenant_id","number");--> statement-breakpoint
CREATE INDEX "appeal_registrations_registered_idx" ON "appeal_registrations" USING btree ("tenant_id","registered_at");--> statement-breakpoint
CREATE INDEX "appeal_registrations_applicant_idx" ON "appeal_registrations" USING btree ("tenant_id","applicant_key","registered_at");--> statement-breakpoint
CREATE INDEX "pos_outbox_due_idx" ON "pos_outbox" USING btree ("status","next_attempt_at");--> statement-breakpoint
CREATE INDEX "pos_outbox_case_idx" ON "pos_outbox" USING btree ("tenant_id","case_id","id");
