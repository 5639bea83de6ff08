// The unit project shares its two workers between files (isolate: false, vitest.config.ts): the
// packages in node_modules stay loaded, and every module of ours is evaluated anew for each file, so
// no cache, counter or registry in src/ carries one file's state into the next.
import { vi } from 'vitest';

vi.resetModules();
// The English table goes into the modules this file will import (the shared setup file's went into the old ones).
await import('./english-messages');
