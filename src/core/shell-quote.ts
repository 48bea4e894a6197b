/** Quote a word for a POSIX shell: in copy-pasteable advice, and in the hook stubs install writes (sh reads it back as the same word). */
export function shellQuote(word: string): string {
  return /^[A-Za-z0-9_./:@%+=-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}
