import type { Kysely } from "kysely";

// A tag can belong to one space (a group's own vocabulary); its name is then as private as the space.
// Tags without a space are the community's curated, public ones.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("tags").addColumn("space_id", "integer", (col) => col.references("spaces.id").onDelete("cascade")).execute();
  await db.schema.createIndex("tags_space_idx").on("tags").column("space_id").execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("tags").dropColumn("space_id").execute();
}
