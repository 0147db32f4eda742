// Strings of pairs, in the three languages side by side (English defines the keys). Sections: pair, directory.
const pairEn = {
  title: "Pairs of officials",
};
type PairSection = { [K in keyof typeof pairEn]: string };

const directoryEn = {
  title: "Expert directory",
};
type DirectorySection = { [K in keyof typeof directoryEn]: string };

export const pairsMessages: { en: { pair: typeof pairEn; directory: typeof directoryEn }; es: { pair: PairSection; directory: DirectorySection }; pt: { pair: PairSection; directory: DirectorySection } } = {
  en: {
    pair: pairEn,
    directory: directoryEn,
  },
  es: {
    pair: {
      title: "Parejas de funcionarios",
    },
    directory: {
      title: "Directorio de expertos",
    },
  },
  pt: {
    pair: {
      title: "Duplas de servidores",
    },
    directory: {
      title: "Diretório de especialistas",
    },
  },
};
