// Strings of moderation, in the three languages side by side (English defines the keys).
const en = {
  title: "Moderation",
};

type Section = { [K in keyof typeof en]: string };

export const moderationMessages: { en: typeof en; es: Section; pt: Section } = {
  en,
  es: {
    title: "Moderación",
  },
  pt: {
    title: "Moderação",
  },
};
