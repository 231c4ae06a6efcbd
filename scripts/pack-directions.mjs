// Packs the Joe–Kuo Sobol' direction numbers (new-joe-kuo-6.21201, text) into the compact
// bit stream that assembly/directions.ts decodes. Run once when the data changes:
//   node scripts/pack-directions.mjs [path/to/new-joe-kuo-6.21201]
// The source is the authors' text file (web.maths.unsw.edu.au/~fkuo/sobol/); by default it is
// read from shared/data/ beside the repository, where the development machines keep it.
// Output: assembly/data/new-joe-kuo-6.21201.bin (committed, with its licence beside it).
//
// Format (little-endian bit order: bit i of the stream is bit (i & 7) of byte i >> 3):
//   8-byte header: "JK6\x01", then the dimension count D as u32 (21201).
//   For each dimension 2..D in order (dimension 1 is implicit: every m_k = 1):
//     s        5 bits   degree of the primitive polynomial (1..18)
//     a        s-1 bits its interior coefficients, as in the text file
//     m_1..m_s k bits each for m_k (m_k is odd and < 2^k)
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = new URL('..', import.meta.url);
const src = process.argv[2] ?? fileURLToPath(new URL('../shared/data/new-joe-kuo-6.21201', root));
const lines = readFileSync(src, 'utf8').trim().split('\n').slice(1);

const bytes = [];
let acc = 0n;
let nacc = 0;
function put(value, width) {
  if (width === 0) return;
  if (value < 0 || value >= 2 ** width) throw new Error(`value ${value} does not fit in ${width} bits`);
  acc |= BigInt(value) << BigInt(nacc);
  nacc += width;
  while (nacc >= 8) {
    bytes.push(Number(acc & 0xffn));
    acc >>= 8n;
    nacc -= 8;
  }
}

let expectedDim = 2;
for (const line of lines) {
  const f = line.trim().split(/\s+/).map(Number);
  const [d, s, a, ...m] = f;
  if (d !== expectedDim) throw new Error(`line for dimension ${d}, expected ${expectedDim}`);
  if (m.length !== s || s < 1 || s > 31) throw new Error(`dimension ${d}: s=${s} with ${m.length} m values`);
  put(s, 5);
  put(a, s - 1);
  m.forEach((mk, k) => {
    if ((mk & 1) !== 1) throw new Error(`dimension ${d}: m_${k + 1}=${mk} is even`);
    put(mk, k + 1);
  });
  expectedDim++;
}
const dims = expectedDim - 1;
if (nacc > 0) put(0, 8 - nacc);
const header = Buffer.alloc(8);
header.write('JK6\x01', 0, 'latin1');
header.writeUInt32LE(dims, 4);
const out = Buffer.concat([header, Buffer.from(bytes)]);
const dest = new URL('assembly/data/new-joe-kuo-6.21201.bin', root);
writeFileSync(dest, out);
console.log(`packed ${dims} dimensions into ${out.length} bytes -> ${fileURLToPath(dest)}`);
