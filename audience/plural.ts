// Plural forms by the CLDR rules of one language (Intl.PluralRules): each catalogue makes its own.

export type Forms = Partial<Record<Intl.LDMLPluralRule, string>> & { other: string };

/** `p(n, forms)` picks the form for `n` and puts `n` where the form says `#`. */
export function pluralizer(lang: string): (n: number, forms: Forms) => string {
  const rules = new Intl.PluralRules(lang);
  return (n, forms) => (forms[rules.select(n)] ?? forms.other).replace('#', String(n));
}
