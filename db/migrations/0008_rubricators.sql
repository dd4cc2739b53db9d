CREATE TABLE "rubricators" (
	"tenant_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"source" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "rubricators_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "rubricators_source_check" CHECK ("source" in ('own', 'pos', 'im', 'cur', 'fz59', 'import'))
);
--> statement-breakpoint
CREATE TABLE "rubricator_items" (
	"tenant_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"rubricator_id" uuid NOT NULL,
	"parent_id" uuid,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"description" text,
	"level" integer DEFAULT 1 NOT NULL,
	"sort_order" integer DEFAULT 0 NOT NULL,
	"is_active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "rubricator_items_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
ALTER TABLE "rubricators" ADD CONSTRAINT "rubricators_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rubricator_items" ADD CONSTRAINT "rubricator_items_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rubricator_items" ADD CONSTRAINT "rubricator_items_rubricator_fk" FOREIGN KEY ("tenant_id","rubricator_id") REFERENCES "public"."rubricators"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "rubricators_code_key" ON "rubricators" USING btree ("tenant_id","code");--> statement-breakpoint
CREATE UNIQUE INDEX "rubricator_items_code_key" ON "rubricator_items" USING btree ("tenant_id","rubricator_id","code");--> statement-breakpoint
CREATE INDEX "rubricator_items_parent_idx" ON "rubricator_items" USING btree ("tenant_id","rubricator_id","parent_id");
