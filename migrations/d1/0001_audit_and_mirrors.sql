CREATE TABLE `audit_events` (
	`id` text PRIMARY KEY NOT NULL,
	`time` integer NOT NULL,
	`tenant_id` text,
	`cluster_id` text,
	`user` text NOT NULL,
	`groups` text DEFAULT '[]' NOT NULL,
	`impersonated_user` text,
	`verb` text NOT NULL,
	`resource` text NOT NULL,
	`subresource` text,
	`api_group` text,
	`namespace` text,
	`name` text,
	`code` integer NOT NULL,
	`latency_ms` integer,
	`request_id` text,
	`user_agent` text
);
--> statement-breakpoint
CREATE INDEX `audit_tenant_time` ON `audit_events` (`tenant_id`,`time`);--> statement-breakpoint
CREATE INDEX `audit_cluster_time` ON `audit_events` (`cluster_id`,`time`);--> statement-breakpoint
CREATE TABLE `cluster_objects` (
	`cluster_id` text NOT NULL,
	`kind` text NOT NULL,
	`namespace` text DEFAULT '' NOT NULL,
	`name` text NOT NULL,
	`uid` text NOT NULL,
	`resource_version` integer NOT NULL,
	`body` text NOT NULL,
	`deleted` integer DEFAULT 0 NOT NULL,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`cluster_id`, `kind`, `namespace`, `name`)
);
