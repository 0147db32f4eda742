import { describe, expect, it } from "vitest";
import { formatEventTime, isTimeZone, localDate, suggestedTimeZones, toLocalInput, zonedTimeToUtc, zoneLabel } from "../../shared/event-time";
import { createEventSchema } from "../../shared/schemas/event.schema";

describe("event times", () => {
  it("reads a wall-clock time in a zone, and writes an instant back as one", () => {
    expect(zonedTimeToUtc("2026-05-04T15:00", "America/Bogota")!.toISOString()).toBe("2026-05-04T20:00:00.000Z");
    expect(zonedTimeToUtc("2026-05-04T15:00", "UTC")!.toISOString()).toBe("2026-05-04T15:00:00.000Z");
    expect(toLocalInput("2026-05-04T20:00:00Z", "America/Bogota")).toBe("2026-05-04T15:00");
    expect(localDate("2026-05-05T02:00:00Z", "America/Lima")).toBe("2026-05-04");
    expect(zonedTimeToUtc("2026-02-30T10:00", "UTC")).toBeNull();
    expect(zonedTimeToUtc("mañana", "UTC")).toBeNull();
  });

  it("shows the same instant in each reader's zone, naming the zone and its offset", () => {
    const start = "2026-11-20T14:00:00Z";
    const end = "2026-11-20T15:30:00Z";
    expect(formatEventTime(start, end, "America/Sao_Paulo", "pt")).toMatchObject({ zone: "Sao Paulo (GMT-3)" });
    expect(formatEventTime(start, end, "America/Sao_Paulo", "pt").range).toContain("11:00");
    expect(formatEventTime(start, end, "Asia/Kolkata", "en").range).toMatch(/7:30\s?–\s?9:00\sPM/);
    expect(zoneLabel(new Date(start), "Asia/Kolkata")).toBe("Kolkata (GMT+5:30)");
    expect(zoneLabel(new Date(start), "UTC")).toBe("UTC");
    expect(zoneLabel(new Date(start), "Europe/London")).toBe("London (GMT)");
  });

  it("knows real zones only", () => {
    expect(isTimeZone("America/Argentina/Buenos_Aires")).toBe(true);
    expect(isTimeZone("Mars/Olympus")).toBe(false);
    expect(suggestedTimeZones.every((zone) => isTimeZone(zone))).toBe(true);
  });

  it("turns form input into instants in the event's zone, on the minute", () => {
    const parsed = createEventSchema.parse({
      topicId: "3",
      kind: "webinar",
      title: "Webinario sobre tarifas",
      languages: "es",
      startsAt: "2026-07-01T09:30",
      endsAt: "2026-07-01T17:00:45.123Z",
      timeZone: "America/Mexico_City",
      onlineUrl: "https://meet.example.org/x",
      capacity: "",
    });
    expect(parsed.startsAt.toISOString()).toBe("2026-07-01T15:30:00.000Z");
    expect(parsed.endsAt.toISOString()).toBe("2026-07-01T17:00:00.000Z");
    expect(parsed.capacity).toBeUndefined();
    expect(parsed.languages).toEqual(["es"]);
  });
});
