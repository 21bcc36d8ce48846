/** Which driver the PTX needs: NVIDIA's PTX ISA release table, and the reason for an old driver. */
import { expect } from 'chai';
import { driverTooOld, driverVersionText, minimumDriverFor } from '../src/index.js';

describe('cuda PTX ISA and driver versions', () => {
  it('maps PTX ISA versions to the first CUDA release that loads them', () => {
    expect(minimumDriverFor('9.0')).to.equal(13000);
    expect(minimumDriverFor('8.6')).to.equal(12070);
    expect(minimumDriverFor('8.5')).to.equal(12050);
    expect(minimumDriverFor('7.0')).to.equal(11000);
    expect(minimumDriverFor('99.0')).to.equal(undefined);
  });

  it('writes driver versions as CUDA releases', () => {
    expect(driverVersionText(12090)).to.equal('12.9');
    expect(driverVersionText(13000)).to.equal('13.0');
  });

  it('accepts a driver at or above what the PTX needs', () => {
    expect(driverTooOld(13000, '9.0')).to.equal(undefined);
    expect(driverTooOld(13010, '9.0')).to.equal(undefined);
  });

  it('says why an older driver cannot load the PTX, and what to do', () => {
    expect(driverTooOld(12090, '9.0')).to.equal(
      "the NVIDIA driver supports CUDA 12.9, older than the kernels' PTX (ISA 9.0) needs (CUDA 13.0 or newer); update the NVIDIA driver, or build fatbins with `npm run build:kernels -w @knhk/backend-cuda` using an nvcc no newer than the driver",
    );
    expect(driverTooOld(13010, '99.0')).to.include('needs (a driver newer than CUDA 13.1)');
  });
});
