CREATE TABLE "intake_imports" (
	"tenant_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"format" text NOT NULL,
	"file_name" text NOT NULL,
	"actor_user_id" uuid,
	"actor_label" text NOT NULL,
	"outcome" text NOT NULL,
	"total_lines" integer DEFAULT 0 NOT NULL,
	"created_count" integer DEFAULT 0 NOT NULL,
	"present_count" integer DEFAULT 0 NOT NULL,
	"rejected_count" integer DEFAULT 0 NOT NULL,
	"rejected_lines" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"options" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"finished_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "intake_imports_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "intake_imports_format_check" CHECK ("format" in ('spb-jsonl', 'history-jsonl', 'pos', 'im')),
	CONSTRAINT "intake_imports_outcome_check" CHECK ("outcome" in ('completed', 'completed_with_rejections', 'rejected'))
);
--> statement-breakpoint
ALTER TABLE "intake_imports" ADD CONSTRAINT "intake_imports_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "intake_imports_tenant_idx" ON "intake_imports" USING btree ("tenant_id","finished_at");
