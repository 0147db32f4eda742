import { z } from "zod";
import { locales } from "../i18n/core";
import { communityRoles, contentLanguages, isCountryCode, partnerOrganisationCodes } from "../profile";
import { isTimeZone } from "../event-time";

export const PASSWORD_MIN_LENGTH = 10;
export const PASSWORD_MAX_LENGTH = 256;

const email = z
  .string({ error: "validation.email_required" })
  .trim()
  .min(1, { error: "validation.email_required" })
  .max(254, { error: "validation.email_invalid" })
  .toLowerCase()
  .pipe(z.email({ error: "validation.email_invalid" }));

const newPassword = z
  .string({ error: "validation.password_required" })
  .min(PASSWORD_MIN_LENGTH, { error: "validation.password_too_short" })
  .max(PASSWORD_MAX_LENGTH, { error: "validation.password_too_long" });

const anyPassword = z
  .string({ error: "validation.password_required" })
  .min(1, { error: "validation.password_required" })
  .max(PASSWORD_MAX_LENGTH, { error: "validation.password_too_long" });

export const handleSchema = z
  .string({ error: "validation.handle_required" })
  .trim()
  .toLowerCase()
  .min(3, { error: "validation.handle_invalid" })
  .max(30, { error: "validation.handle_invalid" })
  .regex(/^[a-z0-9_]+$/, { error: "validation.handle_invalid" });

const displayName = z
  .string({ error: "validation.display_name_required" })
  .trim()
  .min(1, { error: "validation.display_name_required" })
  .max(80, { error: "validation.display_name_too_long" });

const token = z.string({ error: "validation.token_invalid" }).trim().min(10, { error: "validation.token_invalid" }).max(200);

const locale = z.enum(locales, { error: "validation.invalid" });

export const signUpSchema = z.object({
  email,
  password: newPassword,
  displayName,
  handle: handleSchema,
  locale: locale.optional(),
  invitation: z
    .string()
    .trim()
    .optional()
    .transform((value) => value || undefined),
});
export type SignUpInput = z.input<typeof signUpSchema>;

export const signInSchema = z.object({ email, password: anyPassword });
export type SignInInput = z.input<typeof signInSchema>;

export const emailOnlySchema = z.object({ email });

export const tokenSchema = z.object({ token });

export const resetPasswordSchema = z.object({ token, password: newPassword });

export const changePasswordSchema = z.object({ currentPassword: anyPassword, newPassword });

export const changeEmailSchema = z.object({ newEmail: email, password: anyPassword });

export const deleteAccountSchema = z.object({
  password: anyPassword,
  confirm: z.literal("on", { error: "validation.confirm_required" }),
});

const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, { error: "validation.too_long" })
    .optional()
    .transform((value) => value ?? "");

export const profileSchema = z.object({
  displayName,
  handle: handleSchema,
  organisation: optionalText(120),
  partnerOrg: z
    .union([z.enum(partnerOrganisationCodes), z.literal(""), z.literal("none")], { error: "validation.invalid" })
    .optional()
    .transform((value) => (value && value !== "none" ? value : null)),
  communityRole: z.enum(communityRoles, { error: "validation.invalid" }),
  country: z
    .string()
    .trim()
    .toUpperCase()
    .optional()
    .refine((value) => !value || isCountryCode(value), { error: "validation.country_invalid" })
    .transform((value) => value || null),
  region: optionalText(120),
  languages: z.array(z.enum(contentLanguages, { error: "validation.invalid" })).max(3).default([]),
  bio: optionalText(1000),
  locale,
  /** The zone event times are shown in; "" clears it; absent leaves it as it is. */
  timeZone: z
    .string()
    .trim()
    .nullish()
    .refine((value) => !value || isTimeZone(value), { error: "event.time_zone_invalid" })
    .transform((value) => (value === undefined ? undefined : value || null)),
});
export type ProfileInput = z.input<typeof profileSchema>;

export const invitationSchema = z.object({ email, locale: locale.default("es") });

export const siteRoleSchema = z.object({
  userId: z.coerce.number().int().positive(),
  role: z.enum(["member", "moderator", "admin"], { error: "validation.invalid" }),
});

export const userIdSchema = z.object({ userId: z.coerce.number({ error: "validation.invalid" }).int().positive() });
