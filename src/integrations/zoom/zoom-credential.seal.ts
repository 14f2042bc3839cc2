/** Binds a sealed refresh token to its owner, so a ciphertext copied to another row does not open. */
export const refreshTokenAad = (userId: string): string => `zoom-refresh-token:${userId}`;

/** The same for the stored access token. */
export const accessTokenAad = (userId: string): string => `zoom-access-token:${userId}`;
