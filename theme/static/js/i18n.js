// Strings the widgets make themselves; page strings come translated from the theme.
const catalogues = {
  sv: {
    "error-network": "Ingen kontakt med servern. Försök igen.",
    "error-generic": "Något gick fel. Försök igen.",
  },
  en: {
    "error-network": "Cannot reach the server. Try again.",
    "error-generic": "Something went wrong. Try again.",
  },
};

export const lang = () => (document.body.dataset.lang === "en" ? "en" : "sv");

export function t(key) {
  return catalogues[lang()][key] ?? catalogues.en[key] ?? key;
}
