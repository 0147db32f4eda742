// Strings of events, in the three languages side by side (English defines the keys). Sections: event.
const eventEn = {
  title: "Events",
};
type EventSection = { [K in keyof typeof eventEn]: string };

export const eventsMessages: { en: { event: typeof eventEn }; es: { event: EventSection }; pt: { event: EventSection } } = {
  en: {
    event: eventEn,
  },
  es: {
    event: {
      title: "Eventos",
    },
  },
  pt: {
    event: {
      title: "Eventos",
    },
  },
};
