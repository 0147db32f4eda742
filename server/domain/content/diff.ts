// Word-level diff between two versions of a post, for the edit history.
import { diffWordsWithSpace } from "diff";

export type DiffKind = "same" | "added" | "removed";

export interface DiffSegment {
  kind: DiffKind;
  text: string;
}

/**
 * Splits `before` -> `after` into runs of unchanged, added and removed text. Joining the "same"
 * and "removed" runs gives `before`; joining "same" and "added" gives `after`.
 */
export function diffText(before: string, after: string): DiffSegment[] {
  const segments: DiffSegment[] = [];
  for (const change of diffWordsWithSpace(before, after)) {
    if (!change.value) continue;
    const kind: DiffKind = change.added ? "added" : change.removed ? "removed" : "same";
    const last = segments[segments.length - 1];
    // The library may hand back neighbouring changes of one kind; one run reads better.
    if (last && last.kind === kind) last.text += change.value;
    else segments.push({ kind, text: change.value });
  }
  return segments;
}
