import type { FieldErrors } from "../../shared/errors";

/** What an action answers when a service refuses the input: a translated message and field errors. */
export interface ActionFailure {
  ok: false;
  code: string;
  /** The translation key of the message, for pages that react to one problem in particular. */
  key: string;
  message: string;
  fieldErrors: FieldErrors;
}

export function isFailure(value: unknown): value is ActionFailure {
  return typeof value === "object" && value !== null && (value as { ok?: unknown }).ok === false;
}

/** The action's success answer, or undefined when there is none or it failed. */
export function succeeded<T>(value: T): Exclude<T, { ok: false }> | undefined {
  if (typeof value === "object" && value !== null && (value as { ok?: unknown }).ok !== false) {
    return value as Exclude<T, { ok: false }>;
  }
  return undefined;
}
