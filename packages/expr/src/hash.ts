/**
 * FNV-1a 64-bit over bytes, in pure JS (no node:crypto in a pure package). The 64-bit state is kept as
 * four 16-bit limbs so every product stays exact in a double; the FNV prime is 2^40 + 0x1b3.
 */
export class Fnv1a64 {
  private h0 = 0x2325;
  private h1 = 0x8422;
  private h2 = 0x9ce4;
  private h3 = 0xcbf2;

  byte(b: number): void {
    const x = this.h0 ^ (b & 0xff);
    const t0 = x * 0x1b3;
    let t1 = this.h1 * 0x1b3;
    let t2 = this.h2 * 0x1b3;
    let t3 = this.h3 * 0x1b3;
    t2 += x << 8;
    t3 += this.h1 << 8;
    t1 += t0 >>> 16;
    this.h0 = t0 & 0xffff;
    t2 += t1 >>> 16;
    this.h1 = t1 & 0xffff;
    t3 += t2 >>> 16;
    this.h2 = t2 & 0xffff;
    this.h3 = t3 & 0xffff;
  }

  /** Four bytes of a 32-bit word, least significant first. */
  word(w: number): void {
    this.byte(w);
    this.byte(w >>> 8);
    this.byte(w >>> 16);
    this.byte(w >>> 24);
  }

  hex(): string {
    return [this.h3, this.h2, this.h1, this.h0].map((v) => v.toString(16).padStart(4, '0')).join('');
  }
}
