import { AppError } from "../../../shared/errors";

/** Keyset cursors: the last row's sort value and id, opaque to clients (base64url JSON). */
export function encodeCursor(value: string | number, id: number): string {
  return Buffer.from(JSON.stringify([value, id])).toString("base64url");
}

export function decodeCursor(cursor: string | undefined): { value: string | number; id: number } | undefined {
  if (!cursor) return undefined;
  try {
    const parsed = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
    if (Array.isArray(parsed) && parsed.length === 2 && Number.isInteger(parsed[1]) && parsed[1] > 0 && parsed[1] <= 2_147_483_647 && ["string", "number"].includes(typeof parsed[0])) {
      return { value: parsed[0], id: parsed[1] };
    }
  } catch {
    // fall through
  }
  throw new AppError("VALIDATION", "validation.cursor_invalid");
}
