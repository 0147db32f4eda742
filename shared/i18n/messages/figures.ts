// Strings of figures, in the three languages side by side (English defines the keys). Sections: figures, webhook.
const figuresEn = {
  title: "Community figures",
};
type FiguresSection = { [K in keyof typeof figuresEn]: string };

const webhookEn = {
  title: "Webhooks",
};
type WebhookSection = { [K in keyof typeof webhookEn]: string };

export const figuresMessages: { en: { figures: typeof figuresEn; webhook: typeof webhookEn }; es: { figures: FiguresSection; webhook: WebhookSection }; pt: { figures: FiguresSection; webhook: WebhookSection } } = {
  en: {
    figures: figuresEn,
    webhook: webhookEn,
  },
  es: {
    figures: {
      title: "Cifras de la comunidad",
    },
    webhook: {
      title: "Webhooks",
    },
  },
  pt: {
    figures: {
      title: "Números da comunidade",
    },
    webhook: {
      title: "Webhooks",
    },
  },
};
