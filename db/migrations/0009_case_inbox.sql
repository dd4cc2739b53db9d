-- Inbox (issue 5): who took a case in, when it came back to work, a Russian full-text vector, saved
-- filters, and the indexes the queue queries use (docs/inbox.md; checked with EXPLAIN in bench/case-inbox.bench.ts).
ALTER TABLE "cases" ADD COLUMN "taken_by_id" uuid;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "returned_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "search" tsvector GENERATED ALWAYS AS (
  setweight(to_tsvector('russian'::regconfig, coalesce("number", '')), 'A')
  || setweight(to_tsvector('russian'::regconfig, coalesce("address", '')), 'B')
  || setweight(to_tsvector('russian'::regconfig, "text"), 'C')
) STORED;--> statement-breakpoint
CREATE INDEX "cases_search_idx" ON "cases" USING gin ("search");--> statement-breakpoint
DROP INDEX IF EXISTS "cases_received_idx";--> statement-breakpoint
CREATE INDEX "cases_received_idx" ON "cases" USING btree ("tenant_id", "received_at", "id");--> statement-breakpoint
CREATE INDEX "cases_updated_idx" ON "cases" USING btree ("tenant_id", "updated_at");--> statement-breakpoint
CREATE INDEX "cases_inbox_state_idx" ON "cases" USING btree ("tenant_id", "workflow_id", "state", "received_at", "id")
  WHERE "status" NOT IN ('closed', 'rejected');--> statement-breakpoint
CREATE INDEX "cases_inbox_executor_idx" ON "cases" USING btree ("tenant_id", "executor_id", "received_at", "id") INCLUDE ("returned_at")
  WHERE "status" NOT IN ('closed', 'rejected') AND "executor_id" IS NOT NULL;--> statement-breakpoint
CREATE INDEX "cases_inbox_taker_idx" ON "cases" USING btree ("tenant_id", "taken_by_id", "received_at", "id") INCLUDE ("returned_at")
  WHERE "status" NOT IN ('closed', 'rejected') AND "taken_by_id" IS NOT NULL AND "executor_id" IS NULL;--> statement-breakpoint
DROP INDEX IF EXISTS "cases_recipient_idx";--> statement-breakpoint
CREATE INDEX "cases_recipient_idx" ON "cases" USING btree ("tenant_id", "recipient_id", "received_at", "id");--> statement-breakpoint
DROP INDEX IF EXISTS "cases_executor_idx";--> statement-breakpoint
CREATE INDEX "cases_executor_idx" ON "cases" USING btree ("tenant_id", "executor_id", "received_at", "id");--> statement-breakpoint
CREATE INDEX "cases_inbox_recipient_due_idx" ON "cases" USING btree ("tenant_id", "recipient_id", "due_at", "id")
  WHERE "status" IN ('new', 'moderation', 'in_work', 'answer_review');--> statement-breakpoint
CREATE INDEX "cases_inbox_due_idx" ON "cases" USING btree ("tenant_id", "due_at", "id")
  WHERE "status" IN ('new', 'moderation', 'in_work', 'answer_review');--> statement-breakpoint
CREATE TABLE "inbox_saved_filters" (
	"tenant_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"name" text NOT NULL,
	"queue" text NOT NULL,
	"filters" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "inbox_saved_filters_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
ALTER TABLE "inbox_saved_filters" ADD CONSTRAINT "inbox_saved_filters_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inbox_saved_filters" ADD CONSTRAINT "inbox_saved_filters_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "inbox_saved_filters_name_key" ON "inbox_saved_filters" USING btree ("tenant_id","user_id","name");
