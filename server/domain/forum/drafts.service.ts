import { AppError } from "../../../shared/errors";
import { parseInput } from "../../../shared/schemas/parse";
import { draftKeySchema, saveDraftSchema } from "../../../shared/schemas/forum.schema";
import type { ServiceContext } from "../../context";
import { renderMarkdown } from "../content/markdown";
import { loadSpaceFacts, loadVisibleThread } from "./access";

export interface DraftDto {
  key: string;
  title: string;
  body: string;
  kind?: "question" | "discussion";
  tags?: string[];
  language?: "es" | "pt" | "en";
  parentId?: number;
  updatedAt: string;
}

/** A draft belongs to a place the member can see: a topic, group or pair to start a thread in, or a thread to reply to. */
async function ensureDraftPlace(ctx: ServiceContext, key: string): Promise<void> {
  const [kind, place, id] = key.startsWith("thread:") ? key.split(":") : ["reply", "", key.split(":")[1]];
  if (kind === "thread" && place === "group") {
    const group = await ctx.db.selectFrom("groups").select("space_id").where("id", "=", Number(id)).executeTakeFirst();
    if (!group) throw new AppError("NOT_FOUND", "errors.not_found");
    ctx.guardian.ensure(ctx.guardian.canViewSpace(await loadSpaceFacts(ctx.db, group.space_id, ctx.actor)));
  } else if (kind === "thread" && place === "pair") {
    const pair = await ctx.db.selectFrom("pairs").select("space_id").where("id", "=", Number(id)).executeTakeFirst();
    if (!pair) throw new AppError("NOT_FOUND", "errors.not_found");
    ctx.guardian.ensure(ctx.guardian.canViewSpace(await loadSpaceFacts(ctx.db, pair.space_id, ctx.actor)));
  } else if (kind === "thread") {
    const topic = await ctx.db.selectFrom("topics").select("space_id").where("id", "=", Number(id)).executeTakeFirst();
    if (!topic) throw new AppError("NOT_FOUND", "errors.not_found");
    ctx.guardian.ensure(ctx.guardian.canViewSpace(await loadSpaceFacts(ctx.db, topic.space_id, ctx.actor)));
  } else {
    await loadVisibleThread(ctx, Number(id));
  }
}

/** Saves what the composer holds, so it comes back on any device. */
export async function saveDraft(ctx: ServiceContext, raw: unknown): Promise<{ savedAt: string }> {
  const actor = ctx.guardian.ensureSignedIn();
  const input = parseInput(saveDraftSchema, raw);
  await ensureDraftPlace(ctx, input.key);
  const { key, ...payload } = input;
  const now = ctx.deps.now();
  if (!payload.title.trim() && !payload.body.trim()) {
    await ctx.db.deleteFrom("drafts").where("user_id", "=", actor.id).where("key", "=", key).execute();
    return { savedAt: now.toISOString() };
  }
  await ctx.db
    .insertInto("drafts")
    .values({ user_id: actor.id, key, payload: JSON.stringify(payload), updated_at: now })
    .onConflict((oc) => oc.columns(["user_id", "key"]).doUpdateSet({ payload: JSON.stringify(payload), updated_at: now }))
    .execute();
  return { savedAt: now.toISOString() };
}

export async function getDraft(ctx: ServiceContext, key: string): Promise<DraftDto | null> {
  if (!ctx.actor) return null;
  const parsed = draftKeySchema.safeParse(key);
  if (!parsed.success) return null;
  const row = await ctx.db
    .selectFrom("drafts")
    .select(["key", "payload", "updated_at"])
    .where("user_id", "=", ctx.actor.id)
    .where("key", "=", key)
    .executeTakeFirst();
  if (!row) return null;
  const payload = row.payload as Omit<DraftDto, "key" | "updatedAt">;
  return { ...payload, key: row.key, updatedAt: row.updated_at.toISOString() };
}

export async function deleteDraft(ctx: ServiceContext, key: string): Promise<void> {
  const actor = ctx.guardian.ensureSignedIn();
  await ctx.db.deleteFrom("drafts").where("user_id", "=", actor.id).where("key", "=", key).execute();
}

/** The composer's preview: the same pipeline as a published post (mentions are not resolved here). */
export function previewMarkdown(source: string): string {
  return renderMarkdown(source.slice(0, 50_000));
}
