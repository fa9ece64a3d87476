// Bytes the secret scanner classes as compressed (it cannot judge them), like gradle-wrapper.jar.

/** A zip local-file header then deterministic bytes; `seed` varies the content. */
export function fakeJar(seed: number): Buffer {
  const body = Buffer.alloc(4096);
  for (let i = 0; i < body.length; i++) body[i] = (i * 31 + seed) % 251;
  return Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x00, 0x00, 0x08, 0x00]), body]);
}
