CREATE TABLE "rubricator_item_assignments" (
	"tenant_id" uuid NOT NULL,
	"item_id" uuid NOT NULL,
	"block_id" uuid,
	"recipient_id" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "rubricator_item_assignments_pk" PRIMARY KEY("tenant_id","item_id")
);
--> statement-breakpoint
ALTER TABLE "rubricator_item_assignments" ADD CONSTRAINT "rubricator_item_assignments_tenant_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rubricator_item_assignments" ADD CONSTRAINT "rubricator_item_assignments_item_fk" FOREIGN KEY ("tenant_id","item_id") REFERENCES "public"."rubricator_items"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rubricator_item_assignments" ADD CONSTRAINT "rubricator_item_assignments_block_fk" FOREIGN KEY ("tenant_id","block_id") REFERENCES "public"."blocks"("tenant_id","id") ON DELETE set null ("block_id") ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rubricator_item_assignments" ADD CONSTRAINT "rubricator_item_assignments_recipient_fk" FOREIGN KEY ("tenant_id","recipient_id") REFERENCES "public"."recipients"("tenant_id","id") ON DELETE set null ("recipient_id") ON UPDATE no action;--> statement-breakpoint
CREATE TABLE "rubricator_item_links" (
	"tenant_id" uuid NOT NULL,
	"from_item_id" uuid NOT NULL,
	"to_item_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "rubricator_item_links_pk" PRIMARY KEY("tenant_id","from_item_id","to_item_id"),
	CONSTRAINT "rubricator_item_links_distinct_check" CHECK ("from_item_id" <> "to_item_id")
);
--> statement-breakpoint
ALTER TABLE "rubricator_item_links" ADD CONSTRAINT "rubricator_item_links_tenant_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rubricator_item_links" ADD CONSTRAINT "rubricator_item_links_from_fk" FOREIGN KEY ("tenant_id","from_item_id") REFERENCES "public"."rubricator_items"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rubricator_item_links" ADD CONSTRAINT "rubricator_item_links_to_fk" FOREIGN KEY ("tenant_id","to_item_id") REFERENCES "public"."rubricator_items"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "rubricator_item_links_to_idx" ON "rubricator_item_links" USING btree ("tenant_id","to_item_id");--> statement-breakpoint
CREATE TABLE "routing_rules" (
	"tenant_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"position" integer NOT NULL,
	"name" text NOT NULL,
	"is_active" boolean DEFAULT true NOT NULL,
	"definition" jsonb NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"updated_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "routing_rules_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
ALTER TABLE "routing_rules" ADD CONSTRAINT "routing_rules_tenant_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "routing_rules_position_idx" ON "routing_rules" USING btree ("tenant_id","position");--> statement-breakpoint
CREATE TABLE "routing_rule_versions" (
	"tenant_id" uuid NOT NULL,
	"rule_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"change" text NOT NULL,
	"snapshot" jsonb NOT NULL,
	"changed_by" uuid,
	"changed_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "routing_rule_versions_pk" PRIMARY KEY("tenant_id","rule_id","version"),
	CONSTRAINT "routing_rule_versions_change_check" CHECK ("change" in ('created', 'updated', 'enabled', 'disabled', 'moved', 'deleted'))
);
--> statement-breakpoint
ALTER TABLE "routing_rule_versions" ADD CONSTRAINT "routing_rule_versions_tenant_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "priority" text DEFAULT 'normal' NOT NULL;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "tags" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "applicant_type" text;--> statement-breakpoint
ALTER TABLE "cases" ADD CONSTRAINT "cases_priority_check" CHECK ("priority" in ('low', 'normal', 'high', 'urgent'));--> statement-breakpoint
CREATE TABLE "case_clusters" (
	"tenant_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"title" text NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"answer_text" text,
	"answered_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "case_clusters_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "case_clusters_status_check" CHECK ("status" in ('open', 'answered'))
);
--> statement-breakpoint
ALTER TABLE "case_clusters" ADD CONSTRAINT "case_clusters_tenant_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE TABLE "case_cluster_members" (
	"tenant_id" uuid NOT NULL,
	"case_id" uuid NOT NULL,
	"cluster_id" uuid NOT NULL,
	"similarity" double precision NOT NULL,
	"source" text NOT NULL,
	"added_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "case_cluster_members_pk" PRIMARY KEY("tenant_id","case_id"),
	CONSTRAINT "case_cluster_members_source_check" CHECK ("source" in ('auto', 'manual', 'merge'))
);
--> statement-breakpoint
ALTER TABLE "case_cluster_members" ADD CONSTRAINT "case_cluster_members_case_fk" FOREIGN KEY ("tenant_id","case_id") REFERENCES "public"."cases"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_cluster_members" ADD CONSTRAINT "case_cluster_members_cluster_fk" FOREIGN KEY ("tenant_id","cluster_id") REFERENCES "public"."case_clusters"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "case_cluster_members_cluster_idx" ON "case_cluster_members" USING btree ("tenant_id","cluster_id");--> statement-breakpoint
CREATE TABLE "case_repeats" (
	"tenant_id" uuid NOT NULL,
	"case_id" uuid NOT NULL,
	"previous_case_id" uuid NOT NULL,
	"matched_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "case_repeats_pk" PRIMARY KEY("tenant_id","case_id","previous_case_id"),
	CONSTRAINT "case_repeats_matched_by_check" CHECK ("matched_by" in ('phone', 'email'))
);
--> statement-breakpoint
ALTER TABLE "case_repeats" ADD CONSTRAINT "case_repeats_case_fk" FOREIGN KEY ("tenant_id","case_id") REFERENCES "public"."cases"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_repeats" ADD CONSTRAINT "case_repeats_previous_fk" FOREIGN KEY ("tenant_id","previous_case_id") REFERENCES "public"."cases"("tenant_id","id") ON DELETE cascade ON UPDATE no action;
