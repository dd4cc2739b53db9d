-- Repeat appeals (clusters: recordRepeats on every new case): the earlier cases of the same applicant were
-- found by joining every case of the tenant in the period with «same phone or same e-mail», which no index
-- serves, so the cost of registering one case grew with the tenant's volume (Open311 load, issue 6). Now
-- two lookups, one per contact kind, each in its own partial index: only cases with that contact are in it
-- (imported histories without contacts add nothing to them).
CREATE INDEX "cases_repeat_phone_idx" ON "cases" USING btree
  ("tenant_id", (right(regexp_replace(coalesce("applicant_phone", ''), '\D', '', 'g'), 10)), "received_at")
  WHERE "applicant_phone" IS NOT NULL;--> statement-breakpoint
CREATE INDEX "cases_repeat_email_idx" ON "cases" USING btree ("tenant_id", (lower("applicant_email")), "received_at")
  WHERE "applicant_email" IS NOT NULL;
