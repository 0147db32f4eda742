// Titles are one line of text: what reaches email subjects, page titles and feeds has no line breaks or
// control characters, and NUL (which PostgreSQL cannot store) is dropped rather than failing the request.
import { describe, expect, it } from "vitest";
import { createThreadSchema, titleSchema } from "../../shared/schemas/forum.schema";

describe("thread titles", () => {
  it("turn line breaks, tabs and control characters into single spaces, and drop NUL", () => {
    expect(titleSchema.parse("Tarifa\r\nBcc: victima@example.org")).toBe("Tarifa Bcc: victima@example.org");
    expect(titleSchema.parse("Buses\teléctricos\u2028en Quito\u0085hoy")).toBe("Buses eléctricos en Quito hoy");
    expect(titleSchema.parse("Ciclo\u0000vías de Lima")).toBe("Ciclovías de Lima");
    expect(titleSchema.parse("  \r\n Corredores BRT en Bogotá \n")).toBe("Corredores BRT en Bogotá");
  });

  it("still refuse a title that is only whitespace once made one line", () => {
    const parsed = titleSchema.safeParse("\r\n\t\r\n");
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.message).toBe("validation.title_required");
  });

  it("keep letters of every language, emoji and punctuation as typed", () => {
    const title = "¿Cómo financiar ônibus elétricos? 🚌 — «BRT» & “metro”";
    expect(titleSchema.parse(title)).toBe(title);
    expect(createThreadSchema.shape).toHaveProperty("title");
  });
});
