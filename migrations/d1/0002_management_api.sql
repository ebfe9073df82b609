CREATE TABLE `rate_limits` (
	`key` text NOT NULL,
	`window_start` integer NOT NULL,
	`count` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`key`, `window_start`)
);
--> statement-breakpoint
DROP INDEX `clusters_tenant_name`;--> statement-breakpoint
ALTER TABLE `clusters` ADD `deleted_at` integer;--> statement-breakpoint
CREATE UNIQUE INDEX `clusters_tenant_name_active` ON `clusters` (`tenant_id`,`name`) WHERE status = 'active';--> statement-breakpoint
CREATE INDEX `clusters_status_expires` ON `clusters` (`status`,`expires_at`);