/**
 * What a profile id looks like. Its own module, free of zod, so code that only needs to check an
 * id (the log file router, started by every CLI command) does not load the whole contract.
 */
export const PROFILE_ID_PATTERN = /^[a-z0-9]{8,32}$/;
