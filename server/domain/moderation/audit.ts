// Writing the audit log: every moderator and administrator action, inside the transaction that does it.
// The table is append-only (a trigger refuses UPDATE and DELETE), so history cannot be rewritten.
import type { Transaction } from "kysely";
import type { DB } from "../../../db/connection";
import type { Database } from "../../../db/schema";
import type { ServiceContext } from "../../context";

export const auditActions = [
  "post_hidden",
  "post_unhidden",
  "post_deleted",
  "post_restored",
  "post_edited",
  "flag_dismissed",
  "thread_locked",
  "thread_unlocked",
  "thread_pinned",
  "thread_unpinned",
  "thread_closed",
  "thread_reopened",
  "thread_moved",
  "member_suspended",
  "member_silenced",
  "suspension_lifted",
  "silence_lifted",
  "member_approved",
  "expert_verified",
  "expert_unverified",
  "role_changed",
  "invitation_sent",
  "invitation_revoked",
] as const;

export type AuditAction = (typeof auditActions)[number];
export type AuditTargetType = "post" | "thread" | "user" | "flag" | "invitation";

export interface AuditEntry {
  action: AuditAction;
  targetType: AuditTargetType;
  targetId: number | null;
  spaceId?: number | null;
  reason?: string;
  details?: Record<string, unknown>;
}

export function isAuditAction(value: string): value is AuditAction {
  return (auditActions as readonly string[]).includes(value);
}

/** Appends one entry for the context's actor; call it with the transaction that makes the change. */
export async function recordAudit(trx: Transaction<Database> | DB, ctx: ServiceContext, entry: AuditEntry): Promise<void> {
  await trx
    .insertInto("audit_log")
    .values({
      actor_id: ctx.actor?.id ?? null,
      action: entry.action,
      target_type: entry.targetType,
      target_id: entry.targetId,
      space_id: entry.spaceId ?? null,
      reason: entry.reason ?? "",
      details: JSON.stringify(entry.details ?? {}),
      // Millisecond precision from the service clock, so keyset cursors round-trip exactly.
      created_at: ctx.deps.now(),
    })
    .execute();
}
