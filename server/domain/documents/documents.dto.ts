import type { AuthorDto } from "../forum/forum.dto";
import type { FileKind } from "./file-kinds";

/** Where a document lives: a topic (its audience then says public or members-only) or a group's space. */
export interface DocumentPlaceDto {
  kind: "topic" | "group";
  slug: string;
  name: string;
}

export interface DocumentFileDto {
  version: number;
  name: string;
  mimeType: string;
  size: number;
  family: FileKind["family"] | "other";
}

export interface DocumentSummaryDto {
  id: number;
  title: string;
  description: string;
  docType: string;
  country: string | null;
  /** The country's name in the reader's language (named on the server, so pages render the same everywhere). */
  countryName: string | null;
  city: string;
  language: string;
  year: number | null;
  authors: string;
  licence: string;
  /** Who may see it: anyone, signed-in members, or the members of a private group. */
  visibility: "public" | "members" | "group";
  topic: { slug: string; name: string } | null;
  place: DocumentPlaceDto | null;
  file: DocumentFileDto;
  downloadCount: number;
  createdAt: string;
  updatedAt: string;
  deleted: boolean;
  /** When searching: an excerpt of the description or the text, matches marked; escaped by the page. */
  snippet: { text: string; match: boolean }[] | null;
}

export interface DocumentListDto {
  documents: DocumentSummaryDto[];
  nextCursor: string | null;
}

export interface DocumentVersionDto {
  number: number;
  fileName: string;
  mimeType: string;
  size: number;
  sha256: string;
  createdAt: string;
  uploader: AuthorDto | null;
  current: boolean;
}

export interface DocumentDto extends DocumentSummaryDto {
  uploader: AuthorDto | null;
  versions: DocumentVersionDto[];
  can: { addVersion: boolean };
  /** Threads the actor may see whose posts link this document. */
  discussedIn: { threadId: number; title: string; postId: number; language: string }[];
  /** Events the actor may see that list it among their materials. */
  events: { id: number; title: string; startsAt: string; cancelled: boolean }[];
}

export interface UploadPlacesDto {
  topics: { id: number; name: string }[];
  groups: { id: number; name: string; kind: "expert_group" | "working_group" }[];
}
