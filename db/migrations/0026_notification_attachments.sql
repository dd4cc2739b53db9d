-- Files an e-mail carries (issue 8: the weekly note goes to outside subscribers as DOCX and PDF). A row is a
-- reference to a file kept elsewhere — today an archived report (analytics_reports) — never a copy of its bytes:
-- the delivery job loads the file at each attempt, so a retry attaches it again and a week's note sent to fifty
-- addresses is stored once. No foreign key to the archive on purpose: a report may leave the archive (a manual
-- clean-up), and then the delivery fails with that reason in its journal instead of the delete failing or the
-- reference silently vanishing. The file name and MIME type are kept to say which file is gone.
CREATE TABLE "notification_attachments" (
	"tenant_id" uuid NOT NULL REFERENCES "tenants"("id"),
	"notification_id" uuid NOT NULL,
	"position" smallint NOT NULL CHECK ("position" >= 0),
	"source" text NOT NULL CHECK ("source" in ('analytics_report')),
	"source_id" uuid NOT NULL,
	"file_name" text NOT NULL,
	"content_type" text NOT NULL,
	CONSTRAINT "notification_attachments_pk" PRIMARY KEY ("tenant_id", "notification_id", "position"),
	CONSTRAINT "notification_attachments_notification_fk" FOREIGN KEY ("tenant_id", "notification_id")
		REFERENCES "notifications"("tenant_id", "id") ON DELETE CASCADE
);
