import type { z } from "zod";
import { AppError, type FieldErrors } from "../errors";

/** Our schemas give translation keys ("section.key"); anything else zod says becomes the generic key. */
function toMessageKey(message: string): string {
  return /^[a-z_]+\.[a-z0-9_]+$/.test(message) ? message : "validation.invalid";
}

/** Parses input or throws a VALIDATION AppError with one translation key per bad field. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const fieldErrors: FieldErrors = {};
  for (const issue of result.error.issues) {
    const field = issue.path.length ? String(issue.path[0]) : "_form";
    fieldErrors[field] ??= toMessageKey(issue.message);
  }
  throw new AppError("VALIDATION", "validation.failed", { fieldErrors });
}

/** Turns FormData (or URLSearchParams) into a plain object; repeated names become arrays. */
export function formToObject(form: FormData | URLSearchParams, arrayFields: string[] = []): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const name of new Set(form.keys())) {
    const values = form.getAll(name).filter((value): value is string => typeof value === "string");
    out[name] = arrayFields.includes(name) ? values : values[0];
  }
  for (const name of arrayFields) out[name] ??= [];
  return out;
}
