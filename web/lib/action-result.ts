import type { FieldErrors } from "../../shared/errors";

/** What an action answers when a service refuses the input: a translated message and field errors. */
export interface ActionFailure {
  ok: false;
  code: string;
  message: string;
  fieldErrors: FieldErrors;
}

export function isFailure(value: unknown): value is ActionFailure {
  return typeof value === "object" && value !== null && (value as { ok?: unknown }).ok === false;
}
