/**
 * The web pages api.md lists ("The web pages"). A page for a record answers 200 for any id and says
 * in the page when there is no such record; any other path outside the API is the not-found page.
 */
const PAGES: RegExp[] = [
  /^\/$/,
  /^\/login$/,
  /^\/signup$/,
  /^\/account\/settings\/firm\/(integrations|team|messaging)$/,
  /^\/account\/settings\/profile$/,
  /^\/clients$/,
  /^\/clients\/[^/]+$/,
  /^\/cases$/,
  /^\/cases\/[^/]+$/,
  /^\/cases\/[^/]+\/events\/new$/,
  /^\/events\/[^/]+$/,
  /^\/portal$/,
  /^\/portal\/[^/]+\/login$/,
];

export function isPagePath(path: string): boolean {
  const trimmed = path.length > 1 ? path.replace(/\/+$/, '') : path;
  return PAGES.some((page) => page.test(trimmed));
}

/** Paths that are never pages: the API, calendar feeds, the health check. */
export function isOutsidePages(path: string): boolean {
  return path.startsWith('/api/') || path === '/api' || path.startsWith('/calendar/') || path === '/health';
}
