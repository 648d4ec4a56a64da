// The Pact Broker always shows a display name: when none was given it generates one from the name
// (its GenerateDisplayName), and the official CLI's text tables expect a string there (a null makes
// `pact-broker list-environments` fail). These are the same rules, step by step.

/** Splits the name into words at case changes and separators, and capitalises each word. */
export function generateDisplayName(name: string): string {
  return (
    name
      // An acronym followed by a capitalised word: "ABCService" -> "ABC Service".
      .replace(/([A-Z])([A-Z])([a-z])/g, '$1 $2$3')
      // A lower-case letter or digit followed by a capital: "MyService" -> "My Service", "A4Service" -> "A4 Service".
      .replace(/([a-z\d])([A-Z])(\S)/g, '$1 $2$3')
      // A separator between two non-blank characters: "my-service", "my_service", "foo.bar".
      .replace(/(\S)([-_\s.])(\S)/g, '$1 $3')
      .trim()
      .split(/\s+/)
      .map(capitaliseWord)
      .join(' ')
  );
}

/** Underscores left inside a word join its parts camel-case ("b_c" -> "bC"); then the first letter goes upper-case. */
function capitaliseWord(word: string): string {
  return word.replace(/_+([a-z])/g, (_, letter: string) => letter.toUpperCase()).replace(/^[a-z]/, (first) => first.toUpperCase());
}

/** The display name a resource shows: the one it was given, or, when that is blank, the generated one. */
export function displayNameOf(resource: { name: string; displayName: string | null | undefined }): string {
  const given = resource.displayName;
  return given !== null && given !== undefined && given.trim() !== '' ? given : generateDisplayName(resource.name);
}
