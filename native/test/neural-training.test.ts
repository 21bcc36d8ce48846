/**
 * MLP training on the native sgemm: the cpu backend's accuracy targets, every matrix
 * product through the native kernels, and models of another provider refused.
 */
import { expect } from 'chai';
import type { MlpModel, NeuralTraining } from '@knhk/core';
import { CpuNeuralTraining } from '@knhk/backend-cpu';
import { type NativeKernels, NativeNeuralTraining, loadNative } from '../src/index.js';
import { randomF32 } from './native-reference.js';

const load = loadNative();
if (!load.ok) throw new Error(`the addon must be built for these tests: ${load.reason}`);
const addon = load.addon;

interface Dataset {
  readonly x: Float32Array;
  readonly labels: Uint32Array;
  readonly size: number;
}

/** `perClass` points around each of three centres (uniform noise of half-width `spread`). */
function blobs(perClass: number, spread: number, seed: number): Dataset {
  const centres = [
    [0, 2.5],
    [2.2, -1.3],
    [-2.2, -1.3],
  ];
  const size = perClass * 3;
  const noise = randomF32(size * 2, seed);
  const x = new Float32Array(size * 2);
  const labels = new Uint32Array(size);
  for (let i = 0; i < size; i++) {
    labels[i] = i % 3;
    x[2 * i] = centres[i % 3][0] + (spread * noise[2 * i]) / 8;
    x[2 * i + 1] = centres[i % 3][1] + (spread * noise[2 * i + 1]) / 8;
  }
  return { x, labels, size };
}

/** Two concentric rings (radius 1 and 2.5), class = ring: not linearly separable. */
function rings(perClass: number, seed: number): Dataset {
  const size = perClass * 2;
  const noise = randomF32(size * 2, seed);
  const x = new Float32Array(size * 2);
  const labels = new Uint32Array(size);
  for (let i = 0; i < size; i++) {
    const radius = (i % 2 === 0 ? 1 : 2.5) + 0.02 * noise[2 * i];
    const angle = ((noise[2 * i + 1] + 8) / 16) * 2 * Math.PI;
    labels[i] = i % 2;
    x[2 * i] = radius * Math.cos(angle);
    x[2 * i + 1] = radius * Math.sin(angle);
  }
  return { x, labels, size };
}

function accuracy(mlp: NeuralTraining, model: MlpModel, data: Dataset): number {
  const classes = model.layers[model.layers.length - 1];
  const logits = mlp.forward(model, data.x, data.size);
  let correct = 0;
  for (let i = 0; i < data.size; i++) {
    const row = Array.from(logits.subarray(i * classes, (i + 1) * classes));
    if (row.indexOf(Math.max(...row)) === data.labels[i]) correct++;
  }
  return correct / data.size;
}

/** The kernels of `isa`, counting sgemm calls. */
function counted(isa: string): { kernels: NativeKernels; calls: () => number } {
  const base = addon.kernels(isa);
  let calls = 0;
  const kernels: NativeKernels = {
    ...base,
    sgemm: (...args: Parameters<NativeKernels['sgemm']>) => {
      calls++;
      return base.sgemm(...args);
    },
  };
  return { kernels, calls: () => calls };
}

for (const isa of load.isas) {
  describe(`@knhk/native MLP training: ${isa}`, () => {
    it('reaches >= 0.95 accuracy on held-out points of 3 blobs, every matrix product on the native sgemm', () => {
      const { kernels, calls } = counted(isa);
      const mlp = new NativeNeuralTraining(kernels, isa);
      const [train, test] = [blobs(100, 1.4, 11), blobs(100, 1.4, 12)];
      const model = mlp.createModel({ layers: [2, 16, 3], activation: 'relu', seed: 7 });
      const first = mlp.trainStep(model, train.x, train.labels, train.size, { learningRate: 0.2 });
      let last = first;
      for (let step = 0; step < 150; step++) {
        last = mlp.trainStep(model, train.x, train.labels, train.size, { learningRate: 0.2 });
      }
      expect(last).to.be.below(first / 4);
      expect(accuracy(mlp, model, test)).to.be.at.least(0.95);
      // Per step of a 2-layer network: 2 forward products, 1 gradient below the top, 2 weight
      // updates; then the 2 forward products of accuracy().
      expect(calls()).to.equal(151 * 5 + 2);
    });

    it('reaches >= 0.95 accuracy on held-out points of two concentric rings with tanh (mini-batches)', () => {
      const mlp = new NativeNeuralTraining(addon.kernels(isa), isa);
      const [train, test] = [rings(200, 21), rings(200, 22)];
      const model = mlp.createModel({ layers: [2, 16, 16, 2], activation: 'tanh', seed: 3 });
      const batch = 50;
      for (let epoch = 0; epoch < 150; epoch++) {
        for (let start = 0; start < train.size; start += batch) {
          const x = train.x.subarray(2 * start, 2 * (start + batch));
          mlp.trainStep(model, x, train.labels.subarray(start, start + batch), batch, { learningRate: 0.1 });
        }
      }
      expect(accuracy(mlp, model, test)).to.be.at.least(0.95);
    });

    it("starts from the cpu backend's weights, carries its provider name and refuses cpu models", () => {
      const mlp = new NativeNeuralTraining(addon.kernels(isa), isa);
      const cpu = new CpuNeuralTraining();
      const spec = { layers: [4, 8, 3], seed: 5 };
      const model = mlp.createModel(spec);
      expect(model.provider).to.equal(isa);
      expect(mlp.getParameters(model)).to.deep.equal(cpu.getParameters(cpu.createModel(spec)));
      let code: string | undefined;
      try {
        mlp.forward(cpu.createModel(spec), new Float32Array(4), 1);
      } catch (error) {
        code = (error as { code?: string }).code;
      }
      expect(code).to.equal('KNHK_E_BUFFER_FOREIGN');
    });
  });
}
