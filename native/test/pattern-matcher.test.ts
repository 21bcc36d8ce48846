/**
 * NativePatternMatcher beyond the conformance kit: sets of another provider or another
 * instance are foreign, strings are UTF-8, buffer handles are foreign, the set reports the
 * strategy it was compiled to, and a stream stops working once its set is released.
 */
import { expect } from 'chai';
import { CpuHostMemory, CpuPatternMatcher } from '@knhk/backend-cpu';
import { NativeBufferStore, NativePatternMatcher, NativePatternSet, loadNative } from '../src/index.js';

const load = loadNative();
if (!load.ok) throw new Error(`the addon must be built for these tests: ${load.reason}`);
const addon = load.addon;

function codeOf(call: () => unknown): string | undefined {
  try {
    call();
  } catch (error) {
    return (error as { code?: string }).code;
  }
  throw new Error('expected the call to throw');
}

for (const isa of load.isas) {
  describe(`@knhk/native NativePatternMatcher: ${isa}`, () => {
    const matcher = new NativePatternMatcher(addon.kernels(isa), isa, new NativeBufferStore(isa, addon));

    it('matches UTF-8 strings like the cpu backend and reports the strategy', () => {
      const cpu = new CpuPatternMatcher(new CpuHostMemory());
      const patterns = ['café', 'é', '日本', 'naïve café'];
      const data = new TextEncoder().encode('a naïve café in 日本, café!');
      const set = matcher.compile(patterns);
      expect(set).to.be.instanceOf(NativePatternSet);
      expect((set as NativePatternSet).strategy).to.equal('teddy');
      expect(matcher.scan(set, data)).to.deep.equal(cpu.scan(cpu.compile(patterns), data));
    });

    it('answers sets of another provider or instance with KNHK_E_BUFFER_FOREIGN', () => {
      const cpu = new CpuPatternMatcher(new CpuHostMemory());
      const other = new NativePatternMatcher(addon.kernels(isa), isa, new NativeBufferStore(isa, addon));
      const data = new Uint8Array(4);
      expect(codeOf(() => matcher.scan(cpu.compile(['a']), data))).to.equal('KNHK_E_BUFFER_FOREIGN');
      expect(codeOf(() => matcher.scan(other.compile(['a']), data))).to.equal('KNHK_E_BUFFER_FOREIGN');
      expect(codeOf(() => matcher.release(other.compile(['a'])))).to.equal('KNHK_E_BUFFER_FOREIGN');
      expect(codeOf(() => matcher.scan({} as never, data))).to.equal('KNHK_E_ARG_TYPE');
    });

    it('answers buffer handles with KNHK_E_BUFFER_FOREIGN and other data with KNHK_E_ARG_TYPE', () => {
      const set = matcher.compile(['ab']);
      const buffer = new CpuHostMemory().allocate('test', 8, 'u8');
      expect(codeOf(() => matcher.scan(set, buffer))).to.equal('KNHK_E_BUFFER_FOREIGN');
      expect(codeOf(() => matcher.scan(set, [1, 2] as never))).to.equal('KNHK_E_ARG_TYPE');
      expect(codeOf(() => matcher.openStream(set).write('ab' as never))).to.equal('KNHK_E_ARG_TYPE');
    });

    it('stops a stream when its set is released, and closing twice is harmless', () => {
      const set = matcher.compile(['ab']);
      const stream = matcher.openStream(set);
      expect(Array.from(stream.write(new TextEncoder().encode('xa')).ends)).to.deep.equal([]);
      expect(Array.from(stream.write(new TextEncoder().encode('bab')).ends)).to.deep.equal([3, 5]);
      expect(stream.offset).to.equal(5);
      matcher.release(set);
      matcher.release(set);
      expect(codeOf(() => stream.write(new Uint8Array(1)))).to.equal('KNHK_E_BUFFER_RELEASED');
      stream.close();
      stream.close();
    });
  });
}
