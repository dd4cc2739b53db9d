CREATE TABLE "block_members" (
	"tenant_id" uuid NOT NULL,
	"block_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	CONSTRAINT "block_members_tenant_id_block_id_user_id_pk" PRIMARY KEY("tenant_id","block_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "blocks" (
	"tenant_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"topics" text[] DEFAULT '{}'::text[] NOT NULL,
	"leader_id" uuid,
	"is_active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "blocks_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
CREATE TABLE "composition_members" (
	"tenant_id" uuid NOT NULL,
	"composition_id" uuid NOT NULL,
	"line" integer NOT NULL,
	"full_name" text NOT NULL,
	"job_title" text,
	"role" text,
	"role_title" text,
	"block" text,
	"user_id" uuid,
	CONSTRAINT "composition_members_tenant_id_composition_id_line_pk" PRIMARY KEY("tenant_id","composition_id","line")
);
--> statement-breakpoint
CREATE TABLE "compositions" (
	"tenant_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"version" integer NOT NULL,
	"act_number" text NOT NULL,
	"act_date" date NOT NULL,
	"note" text,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "compositions_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
CREATE TABLE "recipients" (
	"tenant_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"parent_id" uuid,
	"kind" text NOT NULL,
	"name" text NOT NULL,
	"short_name" text,
	"is_active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "recipients_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "recipients_kind_check" CHECK ("recipients"."kind" in ('administration', 'department', 'institution', 'territorial_unit', 'settlement'))
);
--> statement-breakpoint
CREATE TABLE "substitutions" (
	"tenant_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"absent_id" uuid NOT NULL,
	"substitute_id" uuid NOT NULL,
	"starts_on" date NOT NULL,
	"ends_on" date NOT NULL,
	"reason" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "substitutions_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "substitutions_period_check" CHECK ("substitutions"."starts_on" <= "substitutions"."ends_on"),
	CONSTRAINT "substitutions_people_check" CHECK ("substitutions"."absent_id" <> "substitutions"."substitute_id")
);
--> statement-breakpoint
ALTER TABLE "users" ALTER COLUMN "login" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "users" ALTER COLUMN "password_hash" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "audit_log" ADD COLUMN "before" jsonb;--> statement-breakpoint
ALTER TABLE "audit_log" ADD COLUMN "after" jsonb;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "recipient_id" uuid;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "executor_id" uuid;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "phone" text;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "recipient_id" uuid;--> statement-breakpoint
ALTER TABLE "block_members" ADD CONSTRAINT "block_members_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "block_members" ADD CONSTRAINT "block_members_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "blocks" ADD CONSTRAINT "blocks_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "blocks" ADD CONSTRAINT "blocks_leader_id_users_id_fk" FOREIGN KEY ("leader_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "composition_members" ADD CONSTRAINT "composition_members_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "composition_members" ADD CONSTRAINT "composition_members_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "compositions" ADD CONSTRAINT "compositions_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "compositions" ADD CONSTRAINT "compositions_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recipients" ADD CONSTRAINT "recipients_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "substitutions" ADD CONSTRAINT "substitutions_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "substitutions" ADD CONSTRAINT "substitutions_absent_id_users_id_fk" FOREIGN KEY ("absent_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "substitutions" ADD CONSTRAINT "substitutions_substitute_id_users_id_fk" FOREIGN KEY ("substitute_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "blocks_id_key" ON "blocks" USING btree ("id");--> statement-breakpoint
CREATE UNIQUE INDEX "blocks_name_key" ON "blocks" USING btree ("tenant_id","name");--> statement-breakpoint
CREATE UNIQUE INDEX "compositions_id_key" ON "compositions" USING btree ("id");--> statement-breakpoint
CREATE UNIQUE INDEX "compositions_version_key" ON "compositions" USING btree ("tenant_id","version");--> statement-breakpoint
CREATE UNIQUE INDEX "recipients_id_key" ON "recipients" USING btree ("id");--> statement-breakpoint
CREATE INDEX "recipients_parent_idx" ON "recipients" USING btree ("tenant_id","parent_id");--> statement-breakpoint
CREATE UNIQUE INDEX "substitutions_id_key" ON "substitutions" USING btree ("id");--> statement-breakpoint
CREATE INDEX "substitutions_substitute_idx" ON "substitutions" USING btree ("substitute_id","starts_on","ends_on");--> statement-breakpoint
CREATE INDEX "audit_log_object_idx" ON "audit_log" USING btree ("object_type","object_id");--> statement-breakpoint
CREATE INDEX "cases_recipient_idx" ON "cases" USING btree ("tenant_id","recipient_id");--> statement-breakpoint
CREATE INDEX "cases_executor_idx" ON "cases" USING btree ("tenant_id","executor_id");--> statement-breakpoint
CREATE INDEX "users_recipient_idx" ON "users" USING btree ("tenant_id","recipient_id");