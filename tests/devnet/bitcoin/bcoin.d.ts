// bcoin 1.0.2 ships no types; the devnet talks to it through a narrow, locally typed surface.
declare module 'bcoin';
