/**
 * Drops replies that arrive late. Each request takes a ticket; when its reply arrives, it is used
 * only if no newer request (or reset) took a ticket since. Without this a slow first reply can
 * overwrite a faster second one, or land in a store that was reset when the profile closed — the
 * same rule row-page-cache.ts applies to result pages.
 */
export interface LatestOnly {
  /** A ticket for a new request; every earlier ticket stops being current. */
  next(): number;
  /** The current ticket, for requests that must not cancel each other (only a reset does). */
  peek(): number;
  isCurrent(ticket: number): boolean;
}

export function latestOnly(): LatestOnly {
  let latest = 0;
  return {
    next: () => ++latest,
    peek: () => latest,
    isCurrent: (ticket) => ticket === latest,
  };
}
