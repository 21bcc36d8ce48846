import { expect } from 'chai';
import { createFramework, definePlugin, type Kem, type SignatureScheme, silentLogger } from '@knhk/core';
import plugin, { KEM_WORKLOAD, NobleKem, NobleSignatures, SIGNATURE_WORKLOAD } from '../src/index.js';

describe('crypto plugin', function () {
  this.timeout(120_000);

  it('is a module plugin providing kem and signature, with workloads for both', () => {
    expect(plugin.manifest).to.include({ name: 'crypto-noble', kind: 'module', version: '0.1.0' });
    expect(plugin.manifest.capabilities).to.deep.equal(['kem', 'signature']);
    expect(plugin.workloads?.map((w) => `${w.capability}.${w.operation}`)).to.deep.equal(['kem.*', 'signature.*']);
  });

  it('the framework gives its providers, and tune() measures every provider and picks the fastest', async () => {
    // A second provider offering the same algorithms, slower on purpose: it must lose the measurement.
    class SlowKem extends NobleKem {
      override keygen(algorithm: string, seed?: Uint8Array) {
        const end = performance.now() + 30;
        while (performance.now() < end);
        return super.keygen(algorithm, seed);
      }
    }
    const slow = definePlugin({
      name: 'crypto-slow',
      version: '1.0.0',
      priority: 100,
      providers: { kem: { useFactory: () => new SlowKem() }, signature: { useFactory: () => new NobleSignatures() } },
    });
    const knhk = await createFramework({
      discover: false,
      wisdomPath: false,
      logger: silentLogger,
      plugins: [plugin, slow],
    });
    try {
      expect(knhk.explain('kem', '*', 0).chosen).to.equal('crypto-slow'); // declared priority before measuring
      const kem: Kem = knhk.backend('crypto-noble').get('kem');
      const { publicKey, secretKey } = kem.keygen('ML-KEM-768');
      const { cipherText, sharedSecret } = kem.encapsulate('ML-KEM-768', publicKey);
      expect(
        Buffer.from(kem.decapsulate('ML-KEM-768', cipherText, secretKey)).equals(Buffer.from(sharedSecret)),
      ).to.equal(true);
      await knhk.tune({ capabilities: ['kem'], effort: 'quick' });
      expect(knhk.explain('kem', '*', 0)).to.deep.include({ basis: 'measured', chosen: 'crypto-noble' });
      expect(knhk.get('kem')).to.equal(knhk.backend('crypto-noble').get('kem'));
      const sig: SignatureScheme = knhk.get('signature');
      expect(sig.algorithms).to.include('ML-DSA-65');
    } finally {
      await knhk.dispose();
    }
  });

  it('its workloads run against the noble providers', () => {
    const random = () => 0.5;
    const k = KEM_WORKLOAD.bind(new NobleKem(), 1, random);
    k.run();
    k.dispose();
    const s = SIGNATURE_WORKLOAD.bind(new NobleSignatures(), 1, random);
    s.run();
    s.dispose();
  });
});
