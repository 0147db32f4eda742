import { describe, expect, it } from "vitest";
import { diffText, type DiffSegment } from "../../server/domain/content/diff";

function side(segments: DiffSegment[], drop: "added" | "removed"): string {
  return segments
    .filter((s) => s.kind !== drop)
    .map((s) => s.text)
    .join("");
}

function expectWellFormed(before: string, after: string, segments: DiffSegment[]): void {
  expect(side(segments, "added")).toBe(before);
  expect(side(segments, "removed")).toBe(after);
  for (let i = 1; i < segments.length; i++) expect(segments[i].kind).not.toBe(segments[i - 1].kind);
  for (const segment of segments) expect(segment.text).not.toBe("");
}

describe("diffText", () => {
  it("reports unchanged text as one run", () => {
    expect(diffText("Pedaleamos al trabajo.", "Pedaleamos al trabajo.")).toEqual([
      { kind: "same", text: "Pedaleamos al trabajo." },
    ]);
  });

  it("returns nothing for two empty texts", () => {
    expect(diffText("", "")).toEqual([]);
  });

  it("marks an insertion", () => {
    const segments = diffText("the cat", "the black cat");
    expect(segments).toEqual([
      { kind: "same", text: "the " },
      { kind: "added", text: "black " },
      { kind: "same", text: "cat" },
    ]);
    expectWellFormed("the cat", "the black cat", segments);
  });

  it("marks a deletion", () => {
    const segments = diffText("the black cat", "the cat");
    expect(segments).toEqual([
      { kind: "same", text: "the " },
      { kind: "removed", text: "black " },
      { kind: "same", text: "cat" },
    ]);
    expectWellFormed("the black cat", "the cat", segments);
  });

  it("marks a replacement as a removal followed by an addition", () => {
    const segments = diffText("walk to work", "bike to work");
    expect(segments).toEqual([
      { kind: "removed", text: "walk" },
      { kind: "added", text: "bike" },
      { kind: "same", text: " to work" },
    ]);
    expectWellFormed("walk to work", "bike to work", segments);
  });

  it("handles text appearing from nothing and vanishing entirely", () => {
    expect(diffText("", "nuevo")).toEqual([{ kind: "added", text: "nuevo" }]);
    expect(diffText("viejo", "")).toEqual([{ kind: "removed", text: "viejo" }]);
  });

  it("keeps both sides recoverable across several edits and lines", () => {
    const before = "Hola mundo.\nLa ciclovía del centro está lista.\nSaludos";
    const after = "Hola mundo!\nLa ciclovía norte está casi lista.\nSaludos, Ana";
    expectWellFormed(before, after, diffText(before, after));
  });
});
