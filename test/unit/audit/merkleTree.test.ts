import * as assert from 'node:assert/strict';
import { consistencyProof, inclusionProof, leafHash, nodeHash, treeRoot, verifyConsistency, verifyInclusion } from '../../../src/core/audit/merkleTree';

const leaves = Array.from({ length: 40 }, (_, i) => leafHash(`record ${i}`));

describe('RFC 6962 Merkle tree', () => {
  it('hashes leaves and nodes with the 0x00 / 0x01 prefixes and the empty tree as SHA-256("")', () => {
    assert.equal(treeRoot([]).toString('hex'), 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    assert.equal(leafHash('').toString('hex'), '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d');
    assert.deepEqual(treeRoot(leaves, 3), nodeHash(nodeHash(leaves[0], leaves[1]), leaves[2]));
  });

  it('proves every leaf of every tree size up to 40, and rejects a wrong leaf, index or root', () => {
    for (let size = 1; size <= leaves.length; size++) {
      const root = treeRoot(leaves, size);
      for (let i = 0; i < size; i++) {
        const proof = inclusionProof(leaves, i, size);
        assert.ok(verifyInclusion(i, size, leaves[i], proof, root), `leaf ${i} of ${size}`);
        assert.equal(verifyInclusion(i, size, leaves[(i + 1) % leaves.length], proof, root), false);
        if (size > 1) assert.equal(verifyInclusion((i + 1) % size, size, leaves[i], proof, root), false);
      }
      assert.equal(verifyInclusion(0, size, leaves[0], inclusionProof(leaves, 0, size), treeRoot(leaves, size === 1 ? 2 : size - 1)), false);
    }
  });

  it('proves consistency between every pair of sizes up to 40, and rejects a changed old tree', () => {
    for (let n = 1; n <= leaves.length; n++) {
      for (let m = 1; m <= n; m++) {
        const proof = consistencyProof(leaves, m, n);
        assert.ok(verifyConsistency(m, n, treeRoot(leaves, m), treeRoot(leaves, n), proof), `${m} -> ${n}`);
        const changed = [...leaves.slice(0, m - 1), leafHash('forged')];
        assert.equal(verifyConsistency(m, n, treeRoot(changed, m), treeRoot(leaves, n), proof), false, `forged ${m} -> ${n}`);
      }
    }
  });
});
