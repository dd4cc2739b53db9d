-- The timeline is written only by the cases module, in the transaction that writes or changes its case, with
-- the case's own tenant: the case's row already checks that reference (cases_tenant_id_tenants_id_fk), and
-- tenants are never deleted. Checking it again for every entry was the largest trigger of a history import
-- (a query per row: ~50 ms of every batch of 10,000 entries, ~15 % of the batch's statement) and of every
-- live action too. The timeline keeps its indexes; only the per-row check goes.
ALTER TABLE "case_events" DROP CONSTRAINT "case_events_tenant_id_tenants_id_fk";
