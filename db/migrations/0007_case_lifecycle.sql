CREATE TABLE "case_events" (
	"tenant_id" uuid NOT NULL,
	"id" bigserial NOT NULL,
	"case_id" uuid NOT NULL,
	"action" text NOT NULL,
	"actor_id" uuid,
	"actor_role" text,
	"from_state" text,
	"to_state" text,
	"payload" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"events" text[] DEFAULT '{}'::text[] NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "case_events_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "workflow_id" text;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "state" text;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "result" text;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "rating" integer;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "reopen_count" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "lifecycle" jsonb DEFAULT '{}'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "case_events" ADD CONSTRAINT "case_events_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "case_events_case_idx" ON "case_events" USING btree ("tenant_id","case_id","id");