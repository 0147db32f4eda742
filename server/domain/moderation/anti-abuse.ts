import type { ServiceContext } from "../../context";
import { AppError } from "../../../shared/errors";
import { consumeRateLimit } from "../security/rate-limit";
import { isSilenced, isSuspended } from "../sessions/session.service";

const HOUR_MS = 60 * 60 * 1000;
const DAY_MS = 24 * HOUR_MS;
/** How many recent posts the duplicate check reads at most (the hourly limits keep it small anyway). */
const DUPLICATE_SCAN = 50;

/** Text as the duplicate check compares it: same letters, any case, any spacing. */
export function normalizeForDuplicates(text: string): string {
  return text.normalize("NFKC").toLocaleLowerCase().replace(/\s+/gu, " ").trim();
}

/**
 * Checks a member may post now. Called by createThread and createReply before they write:
 *  - a silenced or suspended member may not post (read fresh from the database, whatever the session said);
 *  - the same text posted by the same member within DUPLICATE_POST_MINUTES is refused;
 *  - members (not site staff) post at most POSTS_PER_HOUR replies and THREADS_PER_HOUR threads an hour,
 *    or the NEW_ACCOUNT_* limits while their account is younger than NEW_ACCOUNT_DAYS.
 * The hourly limits count what the member actually posted in the last hour (a sliding window, deleted
 * posts included), so deleting and posting again does not get around them.
 */
export async function checkPostingAllowed(
  ctx: ServiceContext,
  input: { kind: "thread" | "reply"; body: string; title?: string },
): Promise<void> {
  const actor = ctx.guardian.ensureSignedIn();
  const now = ctx.deps.now();
  const user = await ctx.db
    .selectFrom("users")
    .select(["created_at", "silenced_until", "suspended_until"])
    .where("id", "=", actor.id)
    .executeTakeFirst();
  if (!user) throw new AppError("UNAUTHENTICATED", "errors.sign_in_required");
  if (isSuspended(user, now)) throw new AppError("FORBIDDEN", "errors.account_suspended");
  if (isSilenced(user, now)) throw new AppError("FORBIDDEN", "errors.account_silenced");
  await refuseDuplicate(ctx, actor.id, input, now);
  if (!ctx.guardian.isStaff()) await enforceHourlyLimit(ctx, actor.id, user.created_at, input.kind, now);
}

async function refuseDuplicate(ctx: ServiceContext, authorId: number, input: { kind: "thread" | "reply"; body: string; title?: string }, now: Date) {
  const minutes = ctx.deps.config.posting.duplicateMinutes;
  if (minutes <= 0) return;
  let query = ctx.db
    .selectFrom("posts")
    .innerJoin("threads", "threads.id", "posts.thread_id")
    .select(["posts.source", "threads.title"])
    .where("posts.author_id", "=", authorId)
    .where("posts.created_at", ">", new Date(now.getTime() - minutes * 60_000))
    .where("posts.deleted_at", "is", null);
  // A thread repeats an earlier thread (its title too, when the caller gives it); a reply repeats any post.
  if (input.kind === "thread") query = query.where("posts.position", "=", 1);
  const recent = await query.orderBy("posts.created_at", "desc").limit(DUPLICATE_SCAN).execute();
  const body = normalizeForDuplicates(input.body);
  const title = input.title === undefined ? undefined : normalizeForDuplicates(input.title);
  const repeated = recent.some(
    (post) => normalizeForDuplicates(post.source) === body && (title === undefined || normalizeForDuplicates(post.title) === title),
  );
  if (repeated) {
    throw new AppError("VALIDATION", "errors.duplicate_post", { fieldErrors: { body: "validation.duplicate_post" } });
  }
}

async function enforceHourlyLimit(ctx: ServiceContext, authorId: number, accountCreatedAt: Date, kind: "thread" | "reply", now: Date) {
  const limits = ctx.deps.config.posting;
  const isNew = accountCreatedAt.getTime() > now.getTime() - limits.newAccountDays * DAY_MS;
  const limit =
    kind === "thread"
      ? isNew
        ? limits.newAccountThreadsPerHour
        : limits.threadsPerHour
      : isNew
        ? limits.newAccountPostsPerHour
        : limits.postsPerHour;
  if (limit <= 0) return;
  const since = new Date(now.getTime() - HOUR_MS);
  const recent =
    kind === "thread"
      ? await ctx.db
          .selectFrom("threads")
          .select("created_at")
          .where("author_id", "=", authorId)
          .where("created_at", ">", since)
          .orderBy("created_at", "desc")
          .limit(limit)
          .execute()
      : await ctx.db
          .selectFrom("posts")
          .select("created_at")
          .where("author_id", "=", authorId)
          .where("position", ">", 1)
          .where("created_at", ">", since)
          .orderBy("created_at", "desc")
          .limit(limit)
          .execute();
  if (recent.length < limit) {
    // Counting rows races: parallel requests all read the same count before any inserts. An atomic
    // counter (one upsert) caps how many pass in one fixed hour, whatever the concurrency.
    const counter = kind === "thread" ? "threadsPerAccount" : "postsPerAccount";
    await consumeRateLimit(ctx.db, counter, String(authorId), { limit, windowSeconds: HOUR_MS / 1000 }, now, "errors.posting_too_fast");
    return;
  }
  // The window frees a place when the oldest of the last `limit` posts turns an hour old.
  const oldest = recent[recent.length - 1].created_at;
  const retryAfterSeconds = Math.max(1, Math.ceil((oldest.getTime() + HOUR_MS - now.getTime()) / 1000));
  throw new AppError("RATE_LIMITED", "errors.posting_too_fast", { retryAfterSeconds });
}
