// Reading the audit log: administrators browse and filter it, newest first, a keyset page at a time.
import { AppError } from "../../../shared/errors";
import { parseInput } from "../../../shared/schemas/parse";
import type { ServiceContext } from "../../context";
import { decodeCursor, encodeCursor } from "../forum/cursor";
import { auditActions, type AuditAction, type AuditTargetType } from "./audit";
import { auditFilterSchema } from "./moderation.schema";

export const AUDIT_PAGE_SIZE = 50;
const DAY_MS = 24 * 60 * 60 * 1000;

export interface AuditEntryDto {
  id: number;
  createdAt: string;
  action: string;
  actor: { handle: string; displayName: string } | null;
  targetType: AuditTargetType | string;
  targetId: number | null;
  /** For entries about a member: who. */
  targetMember: { handle: string; displayName: string } | null;
  spaceId: number | null;
  reason: string;
  details: Record<string, unknown>;
}

export interface AuditLogPage {
  entries: AuditEntryDto[];
  nextCursor: string | null;
  /** Every action name, for the filter. */
  actions: readonly AuditAction[];
}

export async function listAuditLog(ctx: ServiceContext, raw: unknown = {}): Promise<AuditLogPage> {
  ctx.guardian.ensure(ctx.guardian.canViewAuditLog());
  const input = parseInput(auditFilterSchema, raw ?? {});
  const cursor = decodeCursor(input.cursor);

  let query = ctx.db
    .selectFrom("audit_log")
    .leftJoin("users as actor", "actor.id", "audit_log.actor_id")
    .leftJoin("users as member", (join) =>
      join.onRef("member.id", "=", "audit_log.target_id").on("audit_log.target_type", "=", "user"),
    )
    .select([
      "audit_log.id",
      "audit_log.created_at",
      "audit_log.action",
      "audit_log.target_type",
      "audit_log.target_id",
      "audit_log.space_id",
      "audit_log.reason",
      "audit_log.details",
      "actor.handle as actor_handle",
      "actor.display_name as actor_name",
      "member.handle as member_handle",
      "member.display_name as member_name",
    ]);
  if (input.action) query = query.where("audit_log.action", "=", input.action);
  if (input.actor) query = query.where("actor.handle", "=", input.actor);
  if (input.from) query = query.where("audit_log.created_at", ">=", new Date(`${input.from}T00:00:00Z`));
  // "To" includes the whole day it names.
  if (input.to) query = query.where("audit_log.created_at", "<", new Date(new Date(`${input.to}T00:00:00Z`).getTime() + DAY_MS));
  if (cursor) {
    const value = new Date(String(cursor.value));
    if (Number.isNaN(value.getTime())) throw new AppError("VALIDATION", "validation.cursor_invalid");
    query = query.where((eb) => eb(eb.refTuple("audit_log.created_at", "audit_log.id"), "<", eb.tuple(value, cursor.id)));
  }
  const rows = await query
    .orderBy("audit_log.created_at", "desc")
    .orderBy("audit_log.id", "desc")
    .limit(AUDIT_PAGE_SIZE + 1)
    .execute();
  const page = rows.slice(0, AUDIT_PAGE_SIZE);
  const last = page[page.length - 1];
  return {
    entries: page.map((row) => ({
      id: row.id,
      createdAt: row.created_at.toISOString(),
      action: row.action,
      actor: row.actor_handle ? { handle: row.actor_handle, displayName: row.actor_name ?? row.actor_handle } : null,
      targetType: row.target_type,
      targetId: row.target_id,
      targetMember: row.member_handle ? { handle: row.member_handle, displayName: row.member_name ?? row.member_handle } : null,
      spaceId: row.space_id,
      reason: row.reason,
      details: row.details,
    })),
    nextCursor: rows.length > AUDIT_PAGE_SIZE && last ? encodeCursor(last.created_at.toISOString(), last.id) : null,
    actions: auditActions,
  };
}
