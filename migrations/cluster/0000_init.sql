CREATE TABLE `kv` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`created` integer NOT NULL,
	`deleted` integer NOT NULL,
	`create_revision` integer NOT NULL,
	`prev_revision` integer NOT NULL,
	`version` integer NOT NULL,
	`value` text NOT NULL,
	`ts` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `kv_name_id` ON `kv` (`name`,`id`);--> statement-breakpoint
CREATE INDEX `kv_ts` ON `kv` (`ts`);--> statement-breakpoint
CREATE TABLE `meta` (
	`key` text PRIMARY KEY NOT NULL,
	`value` integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE `timers` (
	`name` text PRIMARY KEY NOT NULL,
	`due_at` integer NOT NULL,
	`payload` text DEFAULT '{}' NOT NULL
);
--> statement-breakpoint
CREATE INDEX `timers_due` ON `timers` (`due_at`);