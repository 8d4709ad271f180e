// Keeps a long run's memory near what it really holds. V8 lets its heap grow far past the live data
// when a program allocates fast for a long time: on 100,000 documents the heap reached 200 MB and the
// process 480-520 MB while under 30 MB was live (bench/RESULTS.md). V8's limits are fixed when the
// process starts, so the CLI instead asks for a full collection between setups whenever the used heap
// passes a ceiling: a few dozen collections of ~20 ms on a run of 100,000 documents.
import { createRequire } from 'node:module';

/** How many setups pass between two looks at the heap (a look, process.memoryUsage(), costs a few microseconds). */
const LOOK_EVERY = 32;

export interface HeapCeiling {
  /**
   * To call after each setup. When V8's used heap is over the ceiling, runs a full garbage collection;
   * if what stays is still over half the ceiling (a run that really holds that much), the ceiling is
   * raised to twice that, so collections never follow each other.
   */
  afterSetup(): void;
  /**
   * To call between the phases of a run (after the walk, before building the report, before writing
   * it): over half the ceiling, collects, so the next phase starts from what is live (a walk of 100,000
   * files leaves ~50 MB of garbage; formatting a large report leaves tens of MB).
   */
  betweenPhases(): void;
  /** Full collections it ran so far (bench/RESULTS.md reports them; tests count them). */
  readonly collections: number;
}

export function heapCeiling(ceilingBytes: number): HeapCeiling {
  let ceiling = ceilingBytes;
  let calls = 0;
  let collections = 0;
  const collectAbove = (bytes: number) => {
    const left = collectGarbageAbove(bytes);
    if (left === undefined) return;
    collections++;
    ceiling = Math.max(ceiling, 2 * left);
  };
  return {
    afterSetup: () => {
      if (++calls % LOOK_EVERY === 0) collectAbove(ceiling);
    },
    betweenPhases: () => collectAbove(ceiling / 2),
    get collections() {
      return collections;
    },
  };
}

/** Runs a full collection if the used heap is over `bytes`, and returns the used heap after it; undefined when none ran. */
function collectGarbageAbove(bytes: number): number | undefined {
  if (process.memoryUsage().heapUsed < bytes) return undefined;
  collector()();
  return process.memoryUsage().heapUsed;
}

let collect: (() => void) | undefined;

/**
 * V8's full collection, exposed in a fresh context only (nothing else in the process sees `gc`). Made
 * on first need: loading node:v8 and making a context cost a few ms of a start-up that is ~70 ms.
 */
function collector(): () => void {
  if (collect === undefined) {
    const require = createRequire(import.meta.url);
    (require('node:v8') as typeof import('node:v8')).setFlagsFromString('--expose-gc');
    collect = (require('node:vm') as typeof import('node:vm')).runInNewContext('gc') as () => void;
  }
  return collect;
}
