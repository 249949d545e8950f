/** Pads a number to two digits: `7` is `"07"`. */
export function pad2(n: number): string {
  return n.toString().padStart(2, "0");
}

/**
 * Writes a duration in milliseconds for people: `"1m 05s"`, `"340ms"`.
 */
export function formatDuration(ms: number): string {
  if (ms < 1000) {
    return `${Math.round(ms)}ms`;
  }
  const seconds = Math.floor(ms / 1000);
  const minutes = Math.floor(seconds / 60);
  return minutes > 0 ? `${minutes}m ${pad2(seconds % 60)}s` : `${seconds}s`;
}

/** Cuts a label to `max` characters, with an ellipsis. */
export const truncate = (label: string, max = 24): string =>
  label.length <= max ? label : `${label.slice(0, max - 1)}…`;
