/**
 * A loopback port nothing listens on: 9 (discard), below the ephemeral range (32768-60999 on
 * Linux). A port taken from the OS and released can be handed at once to another process of a
 * parallel run (devnets, browsers, other workers), which then answers where a refusal was meant.
 */
export const CLOSED_PORT = 9;
