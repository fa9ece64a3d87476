// An open-addressing table from 53-bit fingerprints to file ids, in typed arrays: a request of
// 100 KB makes thousands of lookups, and a Map keyed by non-small-integer numbers is several times
// slower per lookup than a probe through a Float64Array.

export class FingerprintTable {
  private readonly keys: Float64Array;
  private readonly values: Int32Array;
  private readonly mask: number;
  private count = 0;

  constructor(capacity: number) {
    let size = 16;
    while (size < capacity * 2) size *= 2;
    this.keys = new Float64Array(size);
    this.values = new Int32Array(size).fill(-1);
    this.mask = size - 1;
  }

  get size(): number {
    return this.count;
  }

  /** Keeps the first value for a key (the first file that holds a passage names it). */
  add(key: number, value: number): void {
    let i = (key >>> 0) & this.mask;
    while (this.values[i] !== -1) {
      if (this.keys[i] === key) return;
      i = (i + 1) & this.mask;
    }
    this.keys[i] = key;
    this.values[i] = value;
    this.count++;
  }

  /** The value for `key`, or -1. */
  get(key: number): number {
    let i = (key >>> 0) & this.mask;
    for (;;) {
      const v = this.values[i];
      if (v === -1 || this.keys[i] === key) return v;
      i = (i + 1) & this.mask;
    }
  }
}
