import type { ContentLanguage, ThreadKind } from "../../../db/schema";

export interface AuthorDto {
  handle: string;
  displayName: string;
  /** Partner organisation code, only when an admin verified the expert's affiliation. */
  verifiedOrganisation: string | null;
}

export interface TagDto {
  slug: string;
  name: string;
}

export interface ThreadSummaryDto {
  id: number;
  title: string;
  kind: ThreadKind;
  language: ContentLanguage;
  topic: { slug: string; name: string };
  author: AuthorDto | null;
  /** A pair's question has two authors: the other official. */
  coAuthor?: AuthorDto | null;
  tags: TagDto[];
  replyCount: number;
  solved: boolean;
  createdAt: string;
  lastActivityAt: string;
  /** For signed-in members: null when never opened, else how many posts arrived since. */
  unreadCount: number | null;
  isNew: boolean;
  /** Pinned by a moderator: shown first in its topic or group. */
  pinned: boolean;
}

export interface ThreadListDto {
  threads: ThreadSummaryDto[];
  nextCursor: string | null;
}

export interface PostDto {
  id: number;
  position: number;
  parentId: number | null;
  /** For replies nested deeper than one level: whom they answer, to link there. */
  parentAuthorHandle: string | null;
  rootId: number;
  depth: number;
  author: AuthorDto | null;
  html: string | null;
  deleted: null | "author" | "moderator";
  createdAt: string;
  editedAt: string | null;
  revisionCount: number;
  helpfulCount: number;
  votedHelpful: boolean;
  isSolution: boolean;
  can: { edit: boolean; delete: boolean; vote: boolean; reply: boolean };
  /** Nested replies shown under a top-level post (the first few), and how many more exist. */
  children?: PostDto[];
  moreChildren?: number;
}

export interface ThreadPageDto {
  thread: {
    id: number;
    title: string;
    kind: ThreadKind;
    language: ContentLanguage;
    topic: { id: number; slug: string; name: string };
    tags: TagDto[];
    author: AuthorDto | null;
    /** A pair's question has two authors: the other official. */
    coAuthor?: AuthorDto | null;
    createdAt: string;
    replyCount: number;
    lastPosition: number;
    solvedAt: string | null;
    firstExpertReplyAt: string | null;
    locked: boolean;
    deleted: boolean;
  };
  opening: PostDto | null;
  solution: PostDto | null;
  posts: PostDto[];
  nextAfter: number | null;
  previousAfter: number | null;
  firstUnreadPostId: number | null;
  can: { reply: boolean; markSolution: boolean; editThread: boolean };
}
