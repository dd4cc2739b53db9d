-- Channel codes as the case lifecycle fixes them (regional, official_pages, form, open311, email, letter,
-- reception); a 59-ФЗ appeal is a kind, not a channel: the former `appeal_59fz` rows become letters.
ALTER TABLE "cases" DROP CONSTRAINT "cases_channel_check";--> statement-breakpoint
UPDATE "cases" SET "channel" = CASE "channel"
  WHEN 'regional_portal' THEN 'regional'
  WHEN 'head_pages' THEN 'official_pages'
  WHEN 'appeal_59fz' THEN 'letter'
  WHEN 'own_form' THEN 'form'
  ELSE "channel" END
WHERE "channel" IN ('regional_portal', 'head_pages', 'appeal_59fz', 'own_form');--> statement-breakpoint
UPDATE "sla_policies" SET "match" = jsonb_set("match", '{channels}', (
  SELECT coalesce(jsonb_agg(CASE value #>> '{}'
    WHEN 'regional_portal' THEN '"regional"'::jsonb
    WHEN 'head_pages' THEN '"official_pages"'::jsonb
    WHEN 'appeal_59fz' THEN '"letter"'::jsonb
    WHEN 'own_form' THEN '"form"'::jsonb
    ELSE value END), '[]'::jsonb)
  FROM jsonb_array_elements("match"->'channels')))
WHERE jsonb_typeof("match"->'channels') = 'array';--> statement-breakpoint
ALTER TABLE "cases" ADD CONSTRAINT "cases_channel_check" CHECK ("cases"."channel" in ('pos', 'im', 'regional', 'official_pages', 'form', 'open311', 'email', 'letter', 'reception', 'phone'));
