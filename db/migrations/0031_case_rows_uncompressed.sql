-- A case's row (its text and its lifecycle with the draft answer) and a timeline entry's payload (an answer's
-- text) pass 2 kB often: about a quarter of the cases of a city portal's history, and one entry in thirty.
-- Past 2 kB PostgreSQL tries to compress the row's long values with pglz before storing it. The embedded
-- engine runs pglz as WebAssembly: compressing was ~15 % of writing a case there, to save a quarter of those
-- rows' bytes. Rows up to 8160 bytes (a whole page) are now stored as they come; longer values are still
-- compressed and moved out of the row as before. Rows already written stay as they are.
ALTER TABLE "cases" SET (toast_tuple_target = 8160);--> statement-breakpoint
ALTER TABLE "case_events" SET (toast_tuple_target = 8160);
