-- The timeline is read only per case (a case's card, Open311 notes, analytics of a case's actions) and by
-- time (Open311 updates); nothing looks an entry up by its number alone, and no table refers to one. The
-- primary key becomes the entry's place in its case's timeline, (tenant, case, number), and the separate
-- index on those same columns goes: every entry — a live action or a line of a history import — updates two
-- indexes instead of three. The number still comes from the sequence, so it stays unique on its own.
DROP INDEX "case_events_case_idx";--> statement-breakpoint
ALTER TABLE "case_events" DROP CONSTRAINT "case_events_tenant_id_id_pk";--> statement-breakpoint
ALTER TABLE "case_events" ADD CONSTRAINT "case_events_tenant_id_case_id_id_pk" PRIMARY KEY ("tenant_id", "case_id", "id");
