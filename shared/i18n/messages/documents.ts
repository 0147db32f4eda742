// Strings of documents, in the three languages side by side (English defines the keys). Sections: document.
const documentEn = {
  title: "Document bank",
};
type DocumentSection = { [K in keyof typeof documentEn]: string };

export const documentsMessages: { en: { document: typeof documentEn }; es: { document: DocumentSection }; pt: { document: DocumentSection } } = {
  en: {
    document: documentEn,
  },
  es: {
    document: {
      title: "Banco de documentos",
    },
  },
  pt: {
    document: {
      title: "Banco de documentos",
    },
  },
};
