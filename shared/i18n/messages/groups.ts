// Strings of groups, in the three languages side by side (English defines the keys).
const en = {
  title: "Groups",
};

type Section = { [K in keyof typeof en]: string };

export const groupsMessages: { en: typeof en; es: Section; pt: Section } = {
  en,
  es: {
    title: "Grupos",
  },
  pt: {
    title: "Grupos",
  },
};
