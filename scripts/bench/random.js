/** A seeded generator (mulberry32), so that every run of the benchmark lints the same corpus. */
export function createRandom(seed) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (min, max) => min + Math.floor(next() * (max - min + 1));
  const pick = (items) => items[Math.floor(next() * items.length)];
  /** One of `weighted`'s keys, with probability proportional to its value. */
  const weighted = (weights) => {
    const entries = Object.entries(weights);
    let roll = next() * entries.reduce((sum, [, w]) => sum + w, 0);
    for (const [key, w] of entries) {
      roll -= w;
      if (roll < 0) return key;
    }
    return entries[entries.length - 1][0];
  };
  return { next, int, pick, weighted, chance: (p) => next() < p };
}

const NOUNS = ['user', 'order', 'invoice', 'report', 'session', 'asset', 'ticket', 'message', 'profile', 'payment', 'upload', 'record'];
const VERBS = ['load', 'save', 'build', 'parse', 'render', 'sync', 'check', 'merge', 'fetch', 'export', 'index', 'resolve'];

/** A readable identifier, unique within a file thanks to the counter. */
export function nameMaker(random) {
  let counter = 0;
  return (kind = 'fn') => {
    counter++;
    const noun = random.pick(NOUNS);
    const verb = random.pick(VERBS);
    const cap = noun[0].toUpperCase() + noun.slice(1);
    return kind === 'class' ? `${cap}Service${counter}` : `${verb}${cap}${counter}`;
  };
}
