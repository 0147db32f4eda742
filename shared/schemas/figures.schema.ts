import { z } from "zod";

/** The community's figures, each a chart and a CSV download. */
export const figureNames = ["questions", "expert_share", "response_times", "solved_share", "active_members", "events", "documents"] as const;
export type FigureName = (typeof figureNames)[number];

/** How a figure is broken down: per month (lines), per topic or per country (bars). */
export const figureDimensions = ["month", "topic", "country"] as const;
export type FigureDimension = (typeof figureDimensions)[number];

/** What the map of Latin America and the Caribbean counts per country. */
export const mapLayers = ["members", "pairs", "questions"] as const;
export type MapLayer = (typeof mapLayers)[number];

/** The longest period the figures cover at once (months), so a month series stays readable. */
export const MAX_RANGE_MONTHS = 60;

const emptyToUndefined = (value: unknown) => (value === "" || value === null ? undefined : value);
const isoDate = z.preprocess(
  emptyToUndefined,
  z
    .string({ error: "validation.date_invalid" })
    .regex(/^\d{4}-\d{2}-\d{2}$/, { error: "validation.date_invalid" })
    .refine((value) => !Number.isNaN(Date.parse(`${value}T00:00:00Z`)) && new Date(`${value}T00:00:00Z`).toISOString().startsWith(value), {
      error: "validation.date_invalid",
    })
    .optional(),
);

/** The page's and the CSV downloads' address parameters; both dates are whole UTC days, `to` included. */
export const figuresQuerySchema = z
  .object({
    from: isoDate,
    to: isoDate,
    by: z.preprocess(emptyToUndefined, z.enum(figureDimensions, { error: "validation.invalid" }).default("month")),
    map: z.preprocess(emptyToUndefined, z.enum(mapLayers, { error: "validation.invalid" }).default("members")),
  })
  .superRefine((input, ctx) => {
    if (input.from && input.to && input.from > input.to) {
      ctx.addIssue({ code: "custom", path: ["to"], message: "figures.range_invalid" });
    }
  });
export type FiguresQuery = z.infer<typeof figuresQuerySchema>;

export const figureNameSchema = z.enum(figureNames, { error: "validation.invalid" });
