/** Amazon's sandbox limits every operation to 5 requests per second with a burst of 15. */
export const SANDBOX_LIMITS = { rate: 5, burst: 15 } as const;

/** Amazon rejects a `user-agent` longer than this. */
export const MAX_USER_AGENT_LENGTH = 500;
