/**
 * Text as search compares it, the same on every database: NFKD, combining marks stripped,
 * lower-cased, `ß` as `ss`, runs of white space as one space. Stored beside the record (its
 * `searchText`) and applied to the query, so a match never depends on a database's collation.
 * The same folding as the per-email rate-limit key (`emailKey`), which also drops all white space.
 */
export function foldForSearch(text: string): string {
  return text
    .toLowerCase()
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/ß/g, 'ss')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The escape character of search patterns: one that needs no escaping in either database's string literals. */
export const LIKE_ESCAPE = '!';

/** A `LIKE … ESCAPE '!'` pattern matching text that contains `query`, folded; its `%`, `_` and `!` match themselves. */
export function containsPattern(query: string): string {
  return `%${foldForSearch(query).replace(/[!%_]/g, (c) => LIKE_ESCAPE + c)}%`;
}

/** The folded text stored for a record, cut to its column (a pathological NFKD expansion loses only its tail). */
export function searchTextOf(parts: Array<string | null | undefined>, maxLength: number): string {
  return foldForSearch(parts.filter((p): p is string => !!p).join(' ')).slice(0, maxLength);
}
