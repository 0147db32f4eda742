import type { AuthorDto } from "../forum/forum.dto";

/** An official as pairs show them: name, link, where they work. */
export interface OfficialDto extends AuthorDto {
  userId: number;
  role: "national_official" | "local_official";
  organisation: string;
  country: string | null;
  region: string;
}

export interface PairSummaryDto {
  id: number;
  country: string | null;
  topic: { slug: string; name: string } | null;
  national: OfficialDto;
  local: OfficialDto;
  createdAt: string;
  endedAt: string | null;
  /** The viewer is one of the two officials. */
  mine: boolean;
}

export interface PairMemberDto extends AuthorDto {
  userId: number;
  role: "owner" | "expert";
}

export interface PairDto extends PairSummaryDto {
  spaceId: number;
  experts: PairMemberDto[];
  can: { post: boolean; askAsPair: boolean; inviteExpert: boolean; end: boolean; removeExperts: boolean; leave: boolean };
}

export interface PairRequestDto {
  id: number;
  from: OfficialDto;
  to: OfficialDto;
  message: string;
  topic: { slug: string; name: string } | null;
  createdAt: string;
}

export interface SuggestionDto {
  official: OfficialDto;
  languages: string[];
  sameCountry: boolean;
  sharedTopics: { slug: string; name: string }[];
  sharedLanguages: string[];
}

export interface PairDirectoryDto {
  pairs: PairSummaryDto[];
  nextCursor: string | null;
}
