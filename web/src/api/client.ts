import createClient, { type Middleware } from 'openapi-fetch';
import type { paths } from './schema';

/** The contract's error body (api.md, Conventions): every refusal has it. */
export interface ApiErrorBody {
  statusCode: number;
  code: string;
  message: string;
  correlationId?: string;
  errors?: Array<{ field: string; message: string }>;
}

/** A refusal from the API, with the contract's code and its human sentence. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: ApiErrorBody,
  ) {
    super(body.message);
    this.name = 'ApiError';
  }

  /** The message for one field of a validation_failed answer, if it names it. */
  fieldMessage(field: string): string | undefined {
    return this.body.errors?.find((e) => e.field === field)?.message;
  }
}

type SessionListener = () => void;
const sessionEndedListeners = new Set<SessionListener>();

/** Called when any request answers 401: the session died (signed out elsewhere, expired, removed). */
export function onSessionEnded(listener: SessionListener): () => void {
  sessionEndedListeners.add(listener);
  return () => sessionEndedListeners.delete(listener);
}

const sessionWatch: Middleware = {
  onResponse({ response, request }) {
    // A failed sign-in is a 401 too, but no session ended.
    if (response.status === 401 && !new URL(request.url).pathname.includes('/auth/'))
      sessionEndedListeners.forEach((l) => l());
    return undefined;
  },
};

/**
 * The one client for the API, typed from the server's OpenAPI document. The session is an HttpOnly
 * cookie the browser sends by itself: no token is ever held by page scripts.
 */
export const api = createClient<paths>({ baseUrl: window.location.origin, credentials: 'same-origin' });
api.use(sessionWatch);

/** The data of an answer, or the contract's error thrown as an ApiError (for TanStack Query). */
export async function unwrap<T>(call: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  const { data, error, response } = await call;
  if (response.ok) return data as T;
  const body = (error && typeof error === 'object' ? error : {}) as Partial<ApiErrorBody>;
  throw new ApiError(response.status, {
    statusCode: response.status,
    code: body.code ?? 'unknown_error',
    message: body.message ?? 'Something went wrong. Try again in a moment.',
    correlationId: body.correlationId,
    errors: body.errors,
  });
}

/** The sentence to show for any failure: the contract's message, or a plain one when the network failed. */
export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  return 'The server could not be reached. Check your connection and try again.';
}
