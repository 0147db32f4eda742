import type { ServiceContext } from "../../context";

/**
 * Checks a member may post now (posting rate, duplicates). Called by createThread and createReply
 * before they write. Filled in by the moderation work (issue 4, part 9).
 */
export async function checkPostingAllowed(_ctx: ServiceContext, _input: { kind: "thread" | "reply"; body: string }): Promise<void> {}
