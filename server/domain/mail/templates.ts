import { createTranslator, type Locale, type MessageKey } from "../../../shared/i18n";

export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
  headers?: Record<string, string>;
}

export type EmailKind =
  | "verify_email"
  | "already_registered"
  | "reset_password"
  | "password_changed"
  | "change_email"
  | "email_changed"
  | "account_approved"
  | "invitation"
  | "group_invitation"
  | "moderation_notice";

interface EmailContent {
  subject: MessageKey;
  paragraphs: MessageKey[];
  action?: MessageKey;
}

const contents: Record<EmailKind, EmailContent> = {
  verify_email: { subject: "email.verify_subject", paragraphs: ["email.verify_body"], action: "email.verify_action" },
  already_registered: {
    subject: "email.already_registered_subject",
    paragraphs: ["email.already_registered_body"],
    action: "email.already_registered_action",
  },
  reset_password: { subject: "email.reset_subject", paragraphs: ["email.reset_body"], action: "email.reset_action" },
  password_changed: { subject: "email.password_changed_subject", paragraphs: ["email.password_changed_body"] },
  change_email: {
    subject: "email.change_email_subject",
    paragraphs: ["email.change_email_body"],
    action: "email.change_email_action",
  },
  email_changed: { subject: "email.email_changed_subject", paragraphs: ["email.email_changed_body"] },
  account_approved: {
    subject: "email.approved_subject",
    paragraphs: ["email.approved_body"],
    action: "email.approved_action",
  },
  invitation: { subject: "email.invitation_subject", paragraphs: ["email.invitation_body"], action: "email.invitation_action" },
  // A group invitation sent to an address with no verified account yet: it waits for that address.
  group_invitation: {
    subject: "email.group_invitation_subject",
    paragraphs: ["email.group_invitation_body"],
    action: "email.group_invitation_action",
  },
  // What a moderator did and why, told to the member it concerns ({what}, {notice} and {reason} arrive translated).
  moderation_notice: {
    subject: "email.moderation_notice_subject",
    paragraphs: ["email.moderation_notice_body"],
    action: "email.moderation_notice_action",
  },
};

const escapeHtml = (value: string) =>
  value.replace(/[&<>"']/g, (char) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[char]!);

/** Renders one email in the recipient's language, as plain text and as HTML with every value escaped. */
export function renderEmail(
  kind: EmailKind,
  locale: Locale,
  vars: { name: string; link?: string; [key: string]: string | undefined },
): RenderedEmail {
  const t = createTranslator(locale);
  const content = contents[kind];
  const values = Object.fromEntries(Object.entries(vars).filter(([, v]) => v !== undefined)) as Record<string, string>;
  const greeting = t("email.greeting", values);
  const paragraphs = content.paragraphs.map((key) => t(key, values));
  const signature = t("email.signature");
  const ignore = t("email.ignore_notice");
  const subject = t(content.subject, values);

  const textParts = [greeting, "", ...paragraphs];
  if (content.action && vars.link) textParts.push("", `${t(content.action)}: ${vars.link}`);
  textParts.push("", ignore, "", signature);

  const htmlEscaped = (key: string) => escapeHtml(key);
  const actionHtml =
    content.action && vars.link
      ? `<p><a href="${htmlEscaped(vars.link)}" style="display:inline-block;padding:10px 16px;background:#0b5d4b;color:#ffffff;text-decoration:none;border-radius:6px">${htmlEscaped(t(content.action))}</a></p><p style="font-size:13px;color:#444">${htmlEscaped(vars.link)}</p>`
      : "";
  const html = `<!doctype html><html lang="${locale}"><head><meta charset="utf-8"><title>${htmlEscaped(subject)}</title></head><body style="font-family:system-ui,sans-serif;color:#1a1a1a;line-height:1.5;max-width:560px;margin:auto;padding:16px"><p>${htmlEscaped(greeting)}</p>${paragraphs.map((p) => `<p>${htmlEscaped(p)}</p>`).join("")}${actionHtml}<p style="font-size:13px;color:#444">${htmlEscaped(ignore)}</p><p>${htmlEscaped(signature)}</p></body></html>`;

  return { subject, text: textParts.join("\n"), html };
}
