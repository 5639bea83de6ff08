/**
 * A loopback port nothing listens on: 4 (unassigned), below the ephemeral range (32768-60999 on
 * Linux), and not on fetch's list of bad ports (9, say, is refused before any connection is tried).
 * A port taken from the OS and released can be handed at once to another process of a parallel
 * run (devnets, browsers, other workers), which then answers where a refusal was meant.
 */
export const CLOSED_PORT = 4;
